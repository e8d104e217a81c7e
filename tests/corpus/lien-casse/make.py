"""Build what git cannot hold for this case."""

import os


def make(data, outside):
    os.symlink("nulle-part.yaml", data / "avenants" / "avenant-2.yaml")
