"""Build what git cannot hold for this case."""


def make(data, outside):
    (data / "fiches" / "1.2-liste.yaml").write_text("objectifs:\n" + "- x\n" * 150_000)
