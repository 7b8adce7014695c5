# SPDX-License-Identifier: MIT
"""``directive_tracker.open_store``: stores by URL, and backends from other distributions."""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import directive_tracker as dt
from directive_tracker.bootstrap import (
    ENTRY_POINT_GROUP,
    UnknownStoreSchemeError,
    known_schemes,
    open_store,
    sqlite_path_from_url,
    sqlite_url,
    url_scheme,
)
from directive_tracker.cli import main
from directive_tracker.exceptions import InvalidTypeError, MissingExtraError, ValidationError
from directive_tracker.storage.memory import MemoryStore
from directive_tracker.storage.sqlite import SQLiteStore
from directive_tracker.units import Unit, UnitKind
from pgserver import pg_dsn


class TestBuiltInSchemes:
    def test_memory(self) -> None:
        """memory:// is a new, empty MemoryStore each time."""
        with open_store("memory://") as a, open_store("memory://") as b:
            assert isinstance(a, MemoryStore)
            a.add_unit(Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))
            assert [] == b.get_units()

    def test_sqlite_relative_path(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                  ) -> None:
        """sqlite:///data/x.sqlite3 is relative to the working directory (three slashes)."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / "data").mkdir()
        with open_store("sqlite:///data/x.sqlite3") as store:
            assert isinstance(store, SQLiteStore)
        assert (tmp_path / "data" / "x.sqlite3").is_file()

    def test_sqlite_absolute_path(self, tmp_path: Path) -> None:
        """sqlite:////abs/path has four slashes (the fourth starts the path)."""
        path = tmp_path / "abs.sqlite3"
        url = "sqlite:///" + str(path)
        assert url.startswith("sqlite:////")
        with open_store(url):
            pass
        assert path.is_file()

    def test_sqlite_in_memory(self) -> None:
        """sqlite:// is a private in-memory SQLite database."""
        assert ":memory:" == sqlite_path_from_url("sqlite://")
        assert ":memory:" == sqlite_path_from_url("sqlite:///:memory:")
        with open_store("sqlite://") as store:
            assert isinstance(store, SQLiteStore)
            assert "memory" == store.journal_mode

    def test_scheme_is_case_insensitive(self) -> None:
        """MEMORY:// is memory://."""
        with open_store("MEMORY://") as store:
            assert isinstance(store, MemoryStore)

    @pytest.mark.parametrize("path", ["a b.sqlite3", "/tmp/x%y?z#w.sqlite3", "dir/ổ.sqlite3"])
    def test_sqlite_url_round_trips(self, path: str) -> None:
        """sqlite_url percent-encodes what a URL would read otherwise."""
        assert path == sqlite_path_from_url(sqlite_url(path))

    def test_options_reach_the_backend(self, tmp_path: Path) -> None:
        """Keyword options go to the backend's constructor."""
        with pytest.raises(ValidationError, match="synchronous"):
            open_store(sqlite_url(tmp_path / "o.sqlite3"), synchronous="OFF")
        with pytest.raises(ValidationError, match="memory store takes no options"):
            open_store("memory://", timeout=3)

    @pytest.mark.parametrize("url", ["sqlite://host/x.sqlite3", "sqlite:///x.db?mode=ro",
                                     "sqlite:///", "memory://somewhere"])
    def test_malformed_urls(self, url: str) -> None:
        """A sqlite URL with a host or query, no file, or a memory URL with a path."""
        with pytest.raises(ValidationError):
            open_store(url)

    def test_unknown_scheme(self) -> None:
        """An unknown scheme lists the known ones; it is a ValidationError (a ValueError)."""
        with pytest.raises(UnknownStoreSchemeError) as info:
            open_store("mongodb://host/db")
        assert isinstance(info.value, ValidationError)
        assert isinstance(info.value, ValueError)
        assert "mongodb" == info.value.scheme
        assert {"memory", "postgres", "postgresql", "sqlite"} <= set(info.value.known)
        assert "known schemes: memory, postgres, postgresql, sqlite" in str(info.value)

    def test_a_path_is_not_a_url(self) -> None:
        """A bare path has no scheme: the error says so."""
        assert "" == url_scheme("tinh.sqlite3")
        with pytest.raises(UnknownStoreSchemeError, match="not a store URL"):
            open_store("tinh.sqlite3")

    def test_not_a_string(self) -> None:
        """The URL must be a str."""
        with pytest.raises(InvalidTypeError):
            open_store(Path("x.sqlite3"))  # type: ignore[arg-type]

    def test_postgres_without_psycopg(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without psycopg, a postgresql:// URL raises MissingExtraError naming the extra."""
        monkeypatch.setitem(sys.modules, "psycopg", None)
        monkeypatch.setitem(sys.modules, "psycopg_pool", None)
        monkeypatch.delitem(sys.modules, "directive_tracker.storage.postgres", raising=False)
        with pytest.raises(MissingExtraError, match=r"directive_tracker\[postgres\]"):
            open_store("postgresql://nobody@127.0.0.1:1/none")

    def test_top_level_names(self) -> None:
        """open_store and the error are re-exported at the top level."""
        assert dt.open_store is open_store
        assert dt.UnknownStoreSchemeError is UnknownStoreSchemeError


@pytest.mark.external_service
class TestPostgres:
    def test_schema_in_the_url(self) -> None:
        """?schema=NAME selects the schema; the rest of the URL goes to libpq."""
        dsn = pg_dsn()
        schema = f"directive_tracker_boot_{os.getpid()}"
        url = dsn + ("&" if "?" in dsn else "?") + f"schema={schema}"
        with open_store(url, reset=True) as store:
            store.add_unit(Unit(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT))
        with open_store(url.replace("postgresql://", "postgres://", 1)) as again:
            assert ["SNV"] == [u.code for u in again.get_units()]
        with pytest.raises(ValidationError, match="schema once"):
            open_store(url, schema="other")


PLUGIN = '''
"""A third-party store: a MemoryStore that remembers the URL it was opened with."""
from directive_tracker.storage.memory import MemoryStore


class NotebookStore(MemoryStore):
    def __init__(self, url, **options):
        super().__init__()
        self.url = url
        self.options = options


def open_notebook_store(url, **options):
    return NotebookStore(url, **options)
'''


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """
    An installed distribution ``dt-notebook-store`` registering the scheme ``notebook``.

    A real ``*.dist-info`` directory on ``sys.path``: importlib.metadata finds its
    entry points exactly as after ``pip install``.
    """
    site = tmp_path / "site"
    site.mkdir()
    (site / "dt_notebook_store.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    info = site / "dt_notebook_store-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: dt-notebook-store\n"
                                   "Version: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\nnotebook = dt_notebook_store:open_notebook_store\n"
        f"sqlite = dt_notebook_store:open_notebook_store\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    yield site
    sys.modules.pop("dt_notebook_store", None)


class TestPlugins:
    def test_third_party_scheme(self, plugin: Path) -> None:
        """A distribution's entry point adds a scheme; the factory gets the URL and options."""
        assert "notebook" in known_schemes()
        store = open_store("notebook://office-a", flavour="x")
        try:
            assert "NotebookStore" == type(store).__name__
            assert "notebook://office-a" == store.url  # type: ignore[attr-defined]
            assert {"flavour": "x"} == store.options  # type: ignore[attr-defined]
        finally:
            store.close()

    def test_built_in_scheme_is_not_taken_over(self, plugin: Path, tmp_path: Path) -> None:
        """The plug-in also registers "sqlite": the library's own backend still wins."""
        with open_store(sqlite_url(tmp_path / "x.sqlite3")) as store:
            assert isinstance(store, SQLiteStore)

    def test_unknown_scheme_lists_plugins(self, plugin: Path) -> None:
        """The known schemes include the plug-ins'."""
        with pytest.raises(UnknownStoreSchemeError, match="notebook"):
            open_store("nosuch://x")

    def test_cli_uses_the_plugin(self, plugin: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
        """The command line opens the plug-in's store by --store URL, unchanged."""
        code = main(["--store", "notebook://x", "--format", "csv", "report", "summary",
                     "--as-of", "2026-05-08"])
        out = capsys.readouterr().out
        assert 0 == code
        # A new, empty store: the four groups and the total count 0, no share.
        assert ",Tổng cộng,Total,0," == out.splitlines()[-1]
        assert ["0"] * 5 == [line.split(",")[-2] for line in out.splitlines()[1:]]
