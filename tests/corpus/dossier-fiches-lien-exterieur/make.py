"""Build what git cannot hold for this case."""

import os


def make(data, outside):
    (data / "fiches").rmdir()
    outside.mkdir()
    (outside / "1.1.yaml").write_text('id: "1.1"\ntitre: x\naxe: 1\npilote: agglo\n')
    os.symlink(outside, data / "fiches")
