"""Regenerate docs/regles.md from the rule catalogue: `python scripts/gen_regles.py`."""

from pathlib import Path

from tindustrie.rules import catalogue_markdown

TARGET = Path(__file__).resolve().parent.parent / "docs" / "regles.md"

if __name__ == "__main__":
    TARGET.write_text(catalogue_markdown(), encoding="utf-8")
    print(f"{TARGET} écrit.")
