"""Hostile command lines and data folders, for every command (issue 6).

Whatever the user types, or whatever ``--data`` points to, each command ends with
a French message and the documented exit code (0, 1 invalid data or unknown
id, 2 usage), never a traceback, never an English message from the libraries.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
from pathlib import Path

import pytest

from corpus_support import as_root, assert_clean_run, check_command, parse_csv, run_cli
from entrypoints import CLI_COMMANDS, Command
from tindustrie.validation import check_folder

EXAMPLE = Path(__file__).parent.parent / "data"
HUGE = "9" * 40

#: What the libraries under us say in English; none of it may reach the user.
ENGLISH = (
    "Invalid value", "Input should", "Error:", "Usage:", "Missing ", "Got unexpected",
    "No such", "does not take", "requires an argument", "File exists", "Not a directory",
    "Permission denied", "is not a valid", "Traceback", "Is a directory",
)  # fmt: skip


def assert_french(text: str) -> None:
    for english in ENGLISH:
        assert english not in text, text


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(EXAMPLE, folder)
    return folder


def run(argv: list[str]) -> tuple[int, str, str]:
    done = run_cli(argv)
    assert_clean_run(done)
    assert_french(done.err)
    return done.code, done.out, done.err


LINES: list[tuple[list[str], int, str]] = [
    # (argv after the command, exit code, a piece of the French message on stderr)
    (["financing", "--as-of", "2021-02-30"], 2, "date « 2021-02-30 » invalide pour --as-of"),
    (["financing", "--as-of", "28/10/2021"], 2, "invalide pour --as-of"),
    (["financing", "--as-of", HUGE], 2, "invalide pour --as-of"),
    (["financing", "--as-of", "99999-01-01"], 2, "invalide pour --as-of"),
    (["financing", "--by", "x"], 2, "valeur « x » invalide pour --by"),
    (["financing", "--follow-symlinks=1"], 2, "l'option --follow-symlinks ne prend pas de valeur"),
    (["list", "--axe", "99"], 2, "valeur « 99 » inconnue pour --axe"),
    (["list", "--axe", HUGE], 2, f"valeur « {HUGE} » inconnue pour --axe"),
    (["list", "--axe", ""], 2, "inconnue pour --axe"),
    (["list", "--pilote", "personne"], 2, "inconnue pour --pilote"),
    (["list", "avenants", "--axe", "1"], 2, "--axe ne s'applique pas"),
    (["list", "rien"], 2, "valeur « rien » invalide"),
    (["list", "--as-of", "2021-13-01"], 2, "invalide pour --as-of"),
    (["show"], 2, "paramètre obligatoire manquant : ID"),
    (["show", ""], 1, "identifiant «  » introuvable"),
    (["show", "9.99"], 1, "fiche « 9.99 » introuvable"),
    (["show", f"{HUGE}.1"], 1, "introuvable"),
    (["show", "avenant", HUGE], 1, f"avenant « {HUGE} » introuvable"),
    (["show", "avenant", ""], 1, "introuvable"),
    (["show", "rien", "1"], 2, "type « rien » inconnu"),
    (["show", "a", "b", "c"], 2, "trop d'arguments"),
    (["new", "fiche", "--axe", "un", "--titre", "X"], 2,
     "valeur invalide pour --axe : « un » n'est pas un nombre entier"),
    (["new", "fiche", "--axe", "1.5", "--titre", "X"], 2, "pour --axe"),
    (["new", "fiche", "--axe", "", "--titre", "X"], 2, "pour --axe"),
    (["new", "fiche", "--axe", HUGE, "--titre", "X"], 2, f"axe « {HUGE} » inconnu"),
    (["new", "fiche", "--axe", "-1", "--titre", "X"], 2, "axe « -1 » inconnu"),
    (["new", "fiche", "--titre", "X"], 2, "paramètre obligatoire manquant : --axe"),
    (["new", "fiche", "--axe", "1", "--titre", " "], 2, "le titre est vide"),
    (["new", "fiche", "--axe", "1", "--titre", "X", "--pilote", "personne"], 2,
     "partenaire « personne » inconnu pour --pilote"),
    (["new", "avenant"], 2, "paramètre obligatoire manquant : --titre"),
    (["validate", "--format", "xml"], 2, "valeur « xml » invalide pour --format"),
    (["render", "--format", "docx"], 2, "valeur « docx » invalide pour --format"),
    (["render", "--as-of", "0000-01-01"], 2, "invalide pour --as-of"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "code", "message"), LINES, ids=[" ".join(a) for a, _, _ in LINES])
def test_hostile_command_line(argv: list[str], code: int, message: str, data: Path) -> None:
    before = sorted(p.name for p in data.rglob("*"))
    found, _out, err = run([*argv, "--data", str(data)])
    assert found == code, err
    assert message in err
    assert err.startswith("Erreur : ")
    if code == 2:
        assert "Aide : tindustrie" in err
    assert sorted(p.name for p in data.rglob("*")) == before, "nothing written"


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_financing_at_the_ends_of_the_calendar(day: str, data: Path) -> None:
    code, out, _err = run(["financing", "--data", str(data), "--as-of", day, "--format", "json"])
    assert code == 0
    assert json.loads(out)["as_of"] == day
    code, out, _ = run(["financing", "--data", str(data), "--as-of", day, "--format", "csv"])
    assert code == 0 and parse_csv(out)[0][0] == "key"
    assert (
        run(["render", "--data", str(data), "--as-of", day, "--output", str(data.parent / "s")])[0]
        == 0
    )


def test_warnings_summary_goes_to_stderr_with_a_machine_format(data: Path) -> None:
    """The example has one warning: its summary is for a person, so on stderr."""
    assert check_folder(data).summary.warnings
    for fmt in ("json", "csv", "md"):
        code, out, err = run(["financing", "--data", str(data), "--format", fmt])
        assert code == 0
        assert "avertissement" in err and "avertissement" not in out


def test_render_output_is_a_file(tmp_path: Path, data: Path) -> None:
    (tmp_path / "fichier").write_text("x")
    for output in ("fichier", "fichier/sous-dossier"):
        code, out, err = run(["render", "--data", str(data), "--output", str(tmp_path / output)])
        assert code == 2
        assert f"« {tmp_path / 'fichier'} » n'est pas un dossier" in err
        assert out == ""
    assert (tmp_path / "fichier").read_text() == "x"
    code, _, err = run(["schema", "--output", str(tmp_path / "fichier")])
    assert code == 2 and "n'est pas un dossier" in err


@pytest.mark.skipif(as_root(), reason="root writes anywhere")
def test_render_output_not_writable(tmp_path: Path, data: Path) -> None:
    locked = tmp_path / "verrou"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        for argv in (["render", "--data", str(data)], ["schema"]):
            code, _, err = run([*argv, "--output", str(locked / "site")])
            assert code == 2
            assert "n'est pas accessible en écriture" in err
    finally:
        locked.chmod(0o755)


def test_render_inside_the_data_folder_leaves_the_data_valid(data: Path) -> None:
    """Allowed (docs/limites.md): the documents are not YAML, validate ignores them."""
    before = check_folder(data).problems
    code, _out, _ = run(["render", "--data", str(data), "--output", str(data / "site")])
    assert code == 0 and (data / "site" / "protocole.html").is_file()
    code, _, _ = run(["render", "--data", str(data), "--output", str(data)])
    assert code == 0 and (data / "protocole.md").is_file()
    assert check_folder(data).problems == before


def test_new_when_fiches_is_a_file(data: Path) -> None:
    shutil.rmtree(data / "fiches")
    (data / "fiches").write_text("")
    code, _, err = run(["new", "fiche", "--axe", "1", "--titre", "X", "--data", str(data)])
    assert code == 3  # could not write
    assert "n'est pas un dossier" in err and "existe déjà" not in err


def _argv(command: Command, data: str, tmp: Path) -> list[str]:
    argv = [word.replace("{out}", str(tmp / "out")) for word in command.argv]
    if command.data_argument:
        return [*argv, data]
    return [*argv, "--data", data] if command.reads_data else argv


@pytest.mark.parametrize("command", CLI_COMMANDS, ids=[c.name for c in CLI_COMMANDS])
def test_every_command_on_a_data_folder_that_is_not_one(command: Command, tmp_path: Path) -> None:
    if not command.reads_data:
        pytest.skip("does not read a data folder")
    (tmp_path / "fichier").write_text("")
    (tmp_path / "vide").mkdir()
    # `consolidate DOSSIER…`: a folder with no data folder in it is a usage error
    empty = (
        (2, "aucun dossier de données") if command.data_argument else (1, "protocole.yaml absent")
    )
    for folder, code, message in (
        ("fichier", 2, "n'est pas un dossier"),
        ("absent", 2, "dossier de données introuvable"),
        ("vide", *empty),
    ):
        path = str(tmp_path / folder)
        done = run_cli(_argv(command, path, tmp_path))
        assert_clean_run(done)
        assert done.code == code, (folder, done.err)
        assert message in done.err + done.out  # text formats: for a person, on stdout
        assert_french(done.err)
        assert sorted(p.name for p in (tmp_path / "vide").iterdir()) == []
    for fmt in command.formats:  # machine formats: nothing on stdout for a refusal
        done = run_cli([*_argv(command, str(tmp_path / "vide"), tmp_path), "--format", fmt])
        check_command(command, fmt, done, check_folder(tmp_path / "vide"))


@pytest.mark.skipif(as_root(), reason="root reads anything")
@pytest.mark.parametrize("command", CLI_COMMANDS, ids=[c.name for c in CLI_COMMANDS])
def test_every_command_on_an_unreadable_data_folder(command: Command, tmp_path: Path) -> None:
    if not command.reads_data:
        pytest.skip("does not read a data folder")
    locked = tmp_path / "data"
    shutil.copytree(EXAMPLE, locked)
    os.chmod(locked, 0)
    try:
        done = run_cli(_argv(command, str(locked), tmp_path))
        assert_clean_run(done)
        assert done.code in (1, 2)
        assert_french(done.err)
    finally:
        os.chmod(locked, 0o755)


def _options(command: Command) -> set[str]:
    """The long options ``command`` accepts, read from its help."""
    words = [w for w in command.argv if not w.startswith("-") and "{out}" not in w]
    done = run_cli([*words[:2], "--help"])
    return {w.strip(",[]") for w in done.out.split() if w.startswith("--")}


@pytest.mark.parametrize("command", CLI_COMMANDS, ids=lambda c: c.name)
def test_empty_paths_are_refused(command: Command, data: Path, tmp_path: Path) -> None:
    """``--data ""`` would silently mean the current folder (issue 16)."""
    options = _options(command) & {"--data", "--output", "--templates", "--base-data"}
    assert (command.reads_data and not command.data_argument) <= ("--data" in options)
    for option in sorted(options):
        for argv in ([option, ""], [f"{option}="], [option, " "]):
            rest = [w.replace("{out}", str(tmp_path / "out")) for w in command.argv]
            if command.data_argument:
                extra = [str(data)]
            elif option == "--data" or not command.reads_data:
                extra = []
            else:
                extra = ["--data", str(data)]
            code, out, err = run([*rest, *extra, *argv])
            assert (code, out) == (2, ""), (command.name, argv, err)
            assert f"chemin vide pour {option}" in err


@pytest.mark.parametrize(
    "day", ["2022-W22-3", "2022-155", "20220601", "2022-6-1", "２０２２-０６-０１"]
)
def test_only_iso_days_for_as_of(day: str, data: Path) -> None:
    """Python reads week dates and ordinal dates; only AAAA-MM-JJ is documented."""
    commands = [c for c in CLI_COMMANDS if c.reads_data and "--as-of" in _options(c)]
    assert len(commands) >= 5
    for command in commands:
        if command.data_argument:
            continue
        code, out, err = run([*command.argv, "--data", str(data), "--as-of", day])
        assert (code, out) == (2, ""), (command.name, err)
        assert f"date « {day} » invalide pour --as-of" in err
        assert "AAAA-MM-JJ" in err


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_as_of_at_both_ends_of_the_range(day: str, tmp_path: Path) -> None:
    """The documented range is year 1 to 9999: no date computation may leave it
    (« year 10000 is out of range » was an internal error of `render`)."""
    from corpus_support import CORPUS, Case

    data = Case.load(CORPUS / "annees-extremes").build(tmp_path)
    for command in CLI_COMMANDS:
        if command.data_argument or "--as-of" not in _options(command):
            continue
        argv = [w.replace("{out}", str(tmp_path / "out")) for w in command.argv]
        code, _, err = run([*argv, "--data", str(data), "--as-of", day])
        assert code in (0, 1), (command.name, err)
        assert "Erreur interne" not in err


def _as_a_user(argv: list[str]) -> tuple[int, str]:
    """Run the CLI in a process as a user the file modes apply to (not root)."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "tindustrie", *argv]
    if as_root():
        if shutil.which("setpriv") is None:
            pytest.skip("root lit tout, et setpriv manque pour changer d'utilisateur")
        if not _nobody_can_import():
            pytest.skip(
                "l'utilisateur 65534 ne peut pas lire cet environnement Python (dossier en "
                "0700) : rendez-le lisible (chmod a+rx), comme le fait .ci/run"
            )
        command = [*_AS_NOBODY, *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    return done.returncode, done.stdout + done.stderr


_AS_NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@functools.cache
def _nobody_can_import() -> bool:
    """Whether the unprivileged user can run this environment's tindustrie at all."""
    import subprocess
    import sys

    probe = [*_AS_NOBODY, sys.executable, "-c", "import tindustrie"]
    return subprocess.run(probe, capture_output=True, timeout=60, check=False).returncode == 0


#: Commands that read the data folder, run as a user would type them.
READERS = [
    ["validate"], ["financing"], ["list"], ["list", "avenants"], ["show", "1.1"],
    ["new", "avenant", "--titre", "X"],
]  # fmt: skip


@pytest.mark.slow  # one subprocess per command and mode, as another user
@pytest.mark.parametrize("mode", [0o744, 0o711, 0o311])
def test_unsearchable_data_folder_says_why(mode: int) -> None:
    """A data folder at 744 gave a false « protocole.yaml absent »; at 711 the
    message lost its reason (issue 16)."""
    import tempfile

    top = Path(tempfile.mkdtemp(dir="/tmp"))
    try:
        top.chmod(0o755)
        data = top / "data"
        shutil.copytree(Path(__file__).parent / "corpus" / "_base", data)
        data.chmod(mode)
        for argv in READERS:
            code, said = _as_a_user([*argv, "--data", str(data)])
            assert code == 2, (argv, said)
            assert "permission refusée" in said and "manquant" in said, (argv, said)
            assert "Traceback" not in said and "absent" not in said
    finally:
        data.chmod(0o755)
        shutil.rmtree(top)


@pytest.mark.slow  # one subprocess per command, as another user
@pytest.mark.parametrize("folder", ["fiches", "avenants"])
def test_unsearchable_subfolder_is_reported(folder: str) -> None:
    """A subfolder that can be listed but not searched (744): TI101 with its reason,
    never a PermissionError (issue 16)."""
    import tempfile

    top = Path(tempfile.mkdtemp(dir="/tmp"))
    try:
        top.chmod(0o755)
        data = top / "data"
        shutil.copytree(Path(__file__).parent / "corpus" / "_base", data)
        (data / folder).chmod(0o744)
        for argv in READERS:
            code, said = _as_a_user([*argv, "--data", str(data)])
            # `new` reads leniently, then may not write into root's folder (3)
            assert code in ((1, 3) if argv[0] == "new" else (1,)), (argv, said)
            assert "Traceback" not in said and "Erreur interne" not in said
            assert "écrire la sortie" not in said, said
        code, said = _as_a_user(["validate", "--data", str(data)])
        assert f"{folder}  TI101" in said and "droit de traversée manquant" in said, said
    finally:
        (data / folder).chmod(0o755)
        shutil.rmtree(top)


def test_a_costless_fiche_has_nothing_left_to_commit(tmp_path: Path) -> None:
    """A fiche with commitments but no `cout_previsionnel`: « reste à engager » is 0 in
    every view, never negative (docs/financement.md)."""
    from corpus_support import CORPUS, Case

    data = Case.load(CORPUS / "fiche-sans-cout-engagee").build(tmp_path)
    for by in ("axe", "financeur", "nature", "fiche"):
        code, out, err = run(["financing", "--data", str(data), "--format", "json", "--by", by])
        assert code == 0, err
        document = json.loads(out)
        for row in [*document["rows"], document["totals"]]:
            assert row.get("remaining") in (None, "0.00"), (by, row)
    code, out, _ = run(["show", "1.1", "--data", str(data), "--format", "json"])
    assert code == 0 and json.loads(out)["remaining"] == "0.00"
    assert "-" not in json.loads(out)["remaining"]
