"""Build what git cannot hold for this case."""

import os


def make(data, outside):
    outside.mkdir()
    (outside / "1.2.yaml").write_text('id: "1.2"\ntitre: x\naxe: 1\npilote: agglo\n')
    os.symlink(outside / "1.2.yaml", data / "fiches" / "1.2-dehors.yaml")
