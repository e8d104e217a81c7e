"""Build what git cannot hold for this case."""

import os


def make(data, outside):
    bad = "x: [\n"
    (data / "fiches" / "1.2 a%b::c,d.yaml").write_text(bad)
    (data / "fiches" / "1.3 ligne\nsuivante.yaml").write_text(bad)
    name = os.fsencode(data / "fiches") + b"/1.4-\xff\xfe.yaml"
    os.close(os.open(name, os.O_CREAT | os.O_WRONLY, 0o644))
