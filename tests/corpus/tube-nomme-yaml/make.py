"""Build what git cannot hold for this case."""

import os


def make(data, outside):
    os.mkfifo(data / "fiches" / "1.2-tube.yaml")
