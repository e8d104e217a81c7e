"""Regenerate docs/gabarits.md from the template types: `python scripts/gen_gabarits.py`."""

from pathlib import Path

from tindustrie.render.reference import reference_markdown

TARGET = Path(__file__).resolve().parent.parent / "docs" / "gabarits.md"

if __name__ == "__main__":
    TARGET.write_text(reference_markdown(), encoding="utf-8")
    print(f"{TARGET} écrit.")
