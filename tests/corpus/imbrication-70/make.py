"""Build what git cannot hold for this case."""


def make(data, outside):
    lines = ["".join(("  " * i, f"k{i}:")) for i in range(70)]
    (data / "fiches" / "1.2-profond.yaml").write_text("\n".join(lines) + " x\n")
