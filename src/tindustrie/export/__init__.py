"""Exports to national data schemas, shipped with the package (``schemas/``).

:mod:`tindustrie.export.references` reads the national reference lists
(competences M57, levers SGPE); :mod:`tindustrie.export.projets` maps the
fiches of a territory to rows of the « Projets de collectivités » schema;
:mod:`tindustrie.export.history` dates a file from its git history.
"""
