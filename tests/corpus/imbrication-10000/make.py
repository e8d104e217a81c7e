"""Build what git cannot hold for this case."""


def make(data, outside):
    (data / "fiches" / "1.2-profond.yaml").write_text("a: " + "[" * 10_000 + "]" * 10_000 + "\n")
