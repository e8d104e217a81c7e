"""Checks that need the financing ledger (filled in by the financing work)."""

from __future__ import annotations

from tindustrie.problems import Rule

RULES: tuple[Rule, ...] = ()
CHECKS = ()
