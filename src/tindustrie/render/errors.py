"""Errors the user can fix (a template, the output folder), in French.

No typer, no rich: a :class:`RenderError` is a
:class:`~tindustrie.errors.TindustrieError`; the command line turns it into a
message and an exit code.
"""

from __future__ import annotations

import re
from types import TracebackType
from typing import Any

from tindustrie.errors import TindustrieError


class RenderError(TindustrieError):
    """A problem the user can fix (a template, ``SOURCE_DATE_EPOCH``), in French (exit 2)."""


def where(file: str, line: int | None) -> str:
    return f"{file}, ligne {line}" if line else file


def where_in_traceback(tb: TracebackType | None) -> str | None:
    """The last template line in a traceback (jinja2 rewrites frames to point at them)."""
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = where(filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _quoted_names(text: str) -> list[str]:
    return re.findall(r"'([^']*)'", text)


def _tags(names: list[str]) -> str:
    return " ou ".join(f"`{n}`" for n in names)


#: jinja2's syntax messages, in French: (pattern, how to say it).
_SYNTAX: tuple[tuple[re.Pattern[str], Any], ...] = (
    (
        re.compile(
            r"Unexpected end of template\. Jinja was looking for the following tags: (.*)\. "
            r"The innermost block that needs to be closed is '(\w+)'"
        ),
        lambda m: (
            f"Fin de gabarit inattendue : le bloc `{m[2]}` n'est pas fermé "
            f"(balise attendue : {_tags(_quoted_names(m[1]))})"
        ),
    ),
    (
        re.compile(r"Unexpected end of template"),
        lambda m: "Fin de gabarit inattendue : un bloc n'est pas fermé",
    ),
    (
        re.compile(
            r"Encountered unknown tag '(\w+)'\. Jinja was looking for the following tags: "
            r"(.*)\. The innermost block that needs to be closed is '(\w+)'"
        ),
        lambda m: (
            f"balise `{m[1]}` inattendue : le bloc `{m[3]}` attend {_tags(_quoted_names(m[2]))}"
        ),
    ),
    (re.compile(r"Encountered unknown tag '(\w+)'"), lambda m: f"balise inconnue : {m[1]}"),
    (re.compile(r"No filter named '([^']*)'"), lambda m: f"filtre inconnu : {m[1]}"),
    (re.compile(r"No test named '([^']*)'"), lambda m: f"test inconnu : {m[1]}"),
    (
        re.compile(r"expected token 'end of print statement', got '(.*)'"),
        lambda m: f"fin de `{{{{ … }}}}` attendue, trouvé « {m[1]} »",
    ),
    (
        re.compile(r"expected token 'end of statement block', got '(.*)'"),
        lambda m: f"fin de `{{% … %}}` attendue, trouvé « {m[1]} »",
    ),
    (
        re.compile(r"Expected an expression, got '(.*)'"),
        lambda m: "expression attendue (un nom, un nombre, un texte entre guillemets)",
    ),
    (re.compile(r"expected name or number"), lambda m: "nom ou nombre attendu après le point"),
    (
        re.compile(r"unexpected char [\"']?(.)[\"']? at \d+"),
        lambda m: f"caractère inattendu « {m[1]} » (guillemet non fermé ?)",
    ),
    (
        re.compile(r"unexpected '(.*)', expected '(.*)'"),
        lambda m: f"« {m[1]} » inattendu, « {m[2]} » attendu",
    ),
    (re.compile(r"unexpected '(.*)'"), lambda m: f"« {m[1]} » inattendu"),
)


def explain_syntax(message: str) -> str:
    """A jinja2 syntax error message, in French."""
    for pattern, say in _SYNTAX:
        match = pattern.search(message)
        if match:
            return str(say(match))
    return "erreur de syntaxe Jinja2"


def _type_name(described: str) -> str:
    """``'tindustrie.render.views.FicheView object'`` → ``FicheView``."""
    return described.removesuffix(" object").rsplit(".", 1)[-1]


_PLAIN_TYPES = {
    "dict": "une table",
    "list": "une liste",
    "tuple": "une liste",
    "str": "un texte",
    "int": "un nombre",
    "Decimal": "un montant",
    "NoneType": "une valeur vide",
    "date": "une date",
    "bool": "un booléen",
}


def _french_type(name: str) -> str:
    from tindustrie.render.reference import describe

    return _PLAIN_TYPES.get(name) or describe(name)


def explain(exc: Exception) -> str:
    """A failure while a template runs, in French: never a Python class name."""
    from tindustrie.render.reference import members_of
    from tindustrie.wording import closest

    message = str(exc)
    undefined = re.fullmatch(r"'(.+)' is undefined", message)
    if undefined:
        return f"variable inconnue : {undefined[1]} (les gabarits reçoivent `doc`)"
    attribute = re.fullmatch(r"'(.+)' has no attribute '(.+)'", message)
    if attribute:
        owner, name = _type_name(attribute[1]), attribute[2]
        text = f"« {name} » n'existe pas dans {_french_type(owner)}"
        known = members_of(owner)
        close = closest(name, known)
        if close:
            text += " ; vouliez-vous dire " + " ou ".join(f"« {c} »" for c in close) + " ?"
        elif known:
            text += " ; noms possibles : " + ", ".join(known)
        return text
    element = re.fullmatch(r"(\w+) object has no element (.+)", message)
    if element:
        return f"élément {element[2]} absent de {_french_type(element[1])}"
    if isinstance(exc, ZeroDivisionError):
        return "division par zéro"
    kind = re.search(r"'(\w+)' object is not (callable|iterable|subscriptable)", message)
    if kind:
        what = {
            "callable": "ne s'appelle pas comme une fonction",
            "iterable": "ne se parcourt pas avec `for`",
            "subscriptable": "ne s'indexe pas avec `[…]`",
        }[kind[2]]
        return f"{_french_type(kind[1])} {what}"
    if "unsupported operand" in message or "not supported between" in message:
        return "opération impossible entre ces valeurs (un montant avec un texte ?)"
    return "erreur pendant l'exécution du gabarit (une valeur ne convient pas à l'opération)"
