"""Build what git cannot hold for this case."""

import os
import shutil
from pathlib import Path


def make(data, outside):
    outside.mkdir()
    base = Path(__file__).parent.parent / "_base" / "protocole.yaml"
    shutil.copyfile(base, outside / "protocole.yaml")
    os.symlink(outside / "protocole.yaml", data / "protocole.yaml")
