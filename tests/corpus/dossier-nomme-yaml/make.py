"""Build what git cannot hold for this case."""


def make(data, outside):
    (data / "fiches" / "1.2-dossier.yaml").mkdir()
