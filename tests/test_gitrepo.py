"""A data folder read from git gives the same problems, at the same positions, as on disk."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import diff_support as ds
from corpus_support import Case, all_cases
from test_diff import inside
from tindustrie import gitrepo
from tindustrie.validation import check_folder, check_source

#: git-heavy (real repositories, many commits): long, run by the full suite only.
pytestmark = pytest.mark.slow

#: Cases whose folder git cannot hold as it is on disk: links leading out, pipes,
#: unreadable files, empty folders (git keeps none).
CASES = [case for case in all_cases() if not case.quick]


def _git_can_hold(data: Path) -> bool:
    for top, dirs, files in os.walk(data):
        for name in dirs + files:
            path = Path(top, name)
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode) or not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                return False
            if not os.access(path, os.R_OK):
                return False
            if stat.S_ISDIR(mode) and not any(path.iterdir()):
                return False
    return True


def read_at_head(repo: Path, data: str = "data") -> gitrepo.MemorySource:
    found = gitrepo.find_repository(repo / data)
    revision = found.revision("HEAD")
    path = gitrepo.path_in(found, repo / data)
    source = found.folder(revision, path, gitrepo.display_of(found, path))
    assert source is not None
    return source


def commit_all(repo: Path) -> None:
    ds.git(repo, "init", "-q", "-b", "main")
    ds.git(repo, "add", "-A", "--force")
    ds.git(repo, "commit", "-q", "-m", "cas")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_corpus_case_reads_the_same_from_git(case: Case, tmp_path: Path) -> None:
    repo = tmp_path / "depot"
    data = case.build(repo)
    if case.follow_symlinks or not _git_can_hold(data):
        pytest.skip("git does not hold this folder as it is on disk")
    commit_all(repo)
    with inside(repo):
        on_disk = check_folder(Path("data")).problems
        from_git = check_source(read_at_head(Path.cwd())).problems
    assert from_git == on_disk


def test_the_example_reads_the_same_from_git(tmp_path: Path) -> None:
    repo = tmp_path / "depot"
    ds.apply("initial", repo / "data")
    (repo / "data" / "fiches" / "1.1-welcome-pack.yaml").write_text("id: [\n", "utf-8")
    commit_all(repo)
    with inside(repo / "data"):  # names relative to where the command runs
        on_disk = check_folder(Path(".")).problems
        from_git = check_source(read_at_head(repo)).problems
    assert from_git == on_disk
    assert {p.file for p in on_disk} >= {"fiches/1.1-welcome-pack.yaml"}


def test_links_inside_the_tree_are_followed_and_others_refused(tmp_path: Path) -> None:
    repo = tmp_path / "depot"
    ds.apply("initial", repo / "data")
    fiches = repo / "data" / "fiches"
    (fiches / "copie.yml").symlink_to("4.2-referent-procedures.yaml")  # a duplicate id
    (fiches / "ailleurs.yaml").symlink_to("../../../hors.yaml")
    (fiches / "casse.yaml").symlink_to("absent.yaml")
    commit_all(repo)
    with inside(repo):
        problems = check_source(read_at_head(repo)).problems
    found = {(p.code, p.file) for p in problems}
    assert ("TI101", "data/fiches/ailleurs.yaml") in found
    assert ("TI101", "data/fiches/casse.yaml") in found
    duplicate = [p for p in problems if p.file == "data/fiches/copie.yml"]
    assert duplicate and all(p.code != "TI101" for p in duplicate)  # read: its id is taken


def test_a_file_too_big_is_not_fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "depot"
    ds.apply("initial", repo / "data")
    commit_all(repo)
    monkeypatch.setattr(gitrepo, "MAX_FILE_BYTES", 2000)
    fetched: list[str] = []
    blobs = gitrepo.Repository.blobs

    def spy(self: gitrepo.Repository, ids: list[str]) -> dict[str, bytes]:
        fetched.extend(ids)
        return blobs(self, ids)

    monkeypatch.setattr(gitrepo.Repository, "blobs", spy)
    with inside(repo):
        source = read_at_head(repo)
        problems = check_source(source).problems
    big = {p.file for p in problems if p.code == "TI101" and "trop gros" in p.message}
    assert "data/protocole.yaml" in big
    assert len(fetched) == sum(1 for v in source.files.values() if isinstance(v, bytes))


def test_the_data_folder_at_the_top_of_the_repository(tmp_path: Path) -> None:
    repo = tmp_path / "depot"
    ds.apply("initial", repo)
    commit_all(repo)
    with inside(repo):
        found = gitrepo.find_repository(Path("."))
        assert gitrepo.path_in(found, Path(".")) == ""
        source = found.folder(found.revision("HEAD"), "", gitrepo.display_of(found, ""))
        assert source is not None
        assert check_source(source).problems == check_folder(Path(".")).problems
