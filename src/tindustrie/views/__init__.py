"""Views: what each command shows, computed once from the project and the ledger.

Each module builds :class:`~tindustrie.views.document.Document` values (typed
rows, totals, fields) that the formatters of :mod:`tindustrie.formats` lay out
as a table, json, csv or Markdown. No terminal, no I/O here.
"""
