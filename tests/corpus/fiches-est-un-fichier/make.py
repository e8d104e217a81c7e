"""Build what git cannot hold for this case."""


def make(data, outside):
    (data / "fiches").rmdir()
    (data / "fiches").write_text("pas un dossier")
