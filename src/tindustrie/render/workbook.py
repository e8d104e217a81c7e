"""``protocole.xlsx``: the comité's workbook, written by :mod:`tindustrie.formats.xlsx`.

The tables come from :mod:`tindustrie.views.workbook`; the workbook's date is
``SOURCE_DATE_EPOCH`` when set, else midnight of the date shown, so that the
same data and the same ``--as-of`` give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime

from tindustrie.ledger import Ledger
from tindustrie.project import ValidProject
from tindustrie.render.pdf import pdf_timestamp

OUTPUT = "protocole.xlsx"


def workbook(project: ValidProject, ledger: Ledger, environ: Mapping[str, str]) -> bytes:
    """The bytes of ``protocole.xlsx`` on the ledger's date."""
    from tindustrie.formats import xlsx
    from tindustrie.views.workbook import document

    as_of: date = ledger.as_of
    stamp = datetime.fromtimestamp(pdf_timestamp(as_of, environ), tz=UTC).replace(tzinfo=None)
    return xlsx.workbook(document(project, ledger), as_of, stamp)
