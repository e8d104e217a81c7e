"""Build what git cannot hold for this case."""


def make(data, outside):
    f = data / "fiches" / "1.1-accueil.yaml"
    f.write_bytes(f.read_text(encoding="utf-8").encode("latin-1"))
