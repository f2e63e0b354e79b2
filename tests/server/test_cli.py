"""The command line: migrate, demo without serving, location labels, create-user; commands on
a database that is not migrated (or cannot be reached) stop with one line."""

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pypdfium2
import pytest
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy.engine import make_url

import server.cli
from server.cli import main
from server.db.migrate import alembic_config, upgrade
from tests.conftest import _drop_pg_database, _recreate_pg_database, pg_url, run_id, worker_id


def run(args, data_dir, input=None):
    env = {k: None for k in os.environ if k.startswith("SHIPFLOOR_")}
    env["SHIPFLOOR_DATA_DIR"] = str(data_dir)
    return CliRunner().invoke(main, args, env=env, input=input, catch_exceptions=False)


def test_migrate_demo_labels_and_create_user(tmp_path):
    assert run(["migrate"], tmp_path).exit_code == 0
    assert (tmp_path / "shipfloor.sqlite3").exists()
    assert run(["demo", "--no-serve"], tmp_path).exit_code == 0

    out = tmp_path / "labels.pdf"
    result = run(["labels", "locations", "A-01..A-02", "--out", str(out)], tmp_path)
    assert result.exit_code == 0
    # Aisles 01 and 02: 20 bay positions × 2 faces × 4 levels each.
    assert "320 location labels" in result.output
    # 24 labels a page: ceil(320 / 24) = 14 pages.
    assert len(pypdfium2.PdfDocument(str(out))) == 14

    unknown = run(["labels", "locations", "Z-99", "--out", str(tmp_path / "x.pdf")], tmp_path)
    assert unknown.exit_code == 1
    assert "Z-99" in unknown.output

    created = run(["create-user", "lee", "--role", "picker", "--role", "packer"], tmp_path, input="s3cret\ns3cret\n")
    assert created.exit_code == 0
    again = run(["create-user", "lee", "--role", "picker"], tmp_path, input="x\nx\n")
    assert again.exit_code == 1
    assert "exists already" in again.output


# --- Commands on a database that is not migrated --------------------------------------------

REPO = Path(__file__).resolve().parents[2]
ORDER_FILE = REPO / "tests" / "channels" / "data" / "woocommerce-order.json"


def no_tables(url: str) -> str:
    return (
        f"Error: The database at {url} has no Shipfloor tables; run `shipfloor migrate` "
        "(`./run.sh migrate`) first, or `./run.sh demo` for the demo warehouse.\n"
    )


def run_on(args, url, data_dir, input=None):
    env = {k: None for k in os.environ if k.startswith("SHIPFLOOR_")}
    env.update(SHIPFLOOR_DATA_DIR=str(data_dir), SHIPFLOOR_DATABASE_URL=url)
    return CliRunner().invoke(main, args, env=env, input=input, catch_exceptions=False)


def test_import_in_a_fresh_folder_says_to_migrate_first(tmp_path):
    # As a new user runs it: the installed entry point, no SHIPFLOOR_* settings, a new folder.
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHIPFLOOR_")}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "import", str(ORDER_FILE)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == no_tables(f"sqlite+aiosqlite:///{tmp_path / 'var' / 'shipfloor.sqlite3'}")
    # Nothing was created on the way: no folder, no empty database file.
    assert list(tmp_path.iterdir()) == []


COMMANDS = {
    "import": ["import", str(ORDER_FILE)],
    "create-user": ["create-user", "lee", "--role", "admin", "--password", "s3cret"],
    "labels": ["labels", "locations", "A-01", "--out", "{tmp}/labels.pdf"],
    "layout import": ["layout", "import", str(ORDER_FILE), "--dry-run"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_data_command_refuses_an_empty_sqlite_file(tmp_path, command):
    database = tmp_path / "empty.sqlite3"
    database.touch()  # exists, but was never migrated
    url = f"sqlite+aiosqlite:///{database}"
    result = run_on([arg.format(tmp=tmp_path) for arg in COMMANDS[command]], url, tmp_path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == no_tables(url)
    assert not (tmp_path / "labels.pdf").exists()


def test_serve_refuses_an_unmigrated_database_and_starts_on_an_unreachable_one(tmp_path, monkeypatch):
    served = []
    monkeypatch.setattr(server.cli, "_serve", served.append)
    url = f"sqlite+aiosqlite:///{tmp_path / 'none.sqlite3'}"
    result = run_on(["serve"], url, tmp_path)
    assert result.exit_code == 1
    assert result.stderr == no_tables(url)
    assert served == []
    # A database that is down may come back: the server starts and answers 503 meanwhile.
    down = "postgresql+asyncpg://nobody@127.0.0.1:1/shipfloor"
    result = run_on(["serve"], down, tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"warning: Cannot reach the database at {down}: ")
    assert len(result.stderr.splitlines()) == 1
    assert [s.database_url for s in served] == [down]


def test_a_database_that_cannot_be_reached_is_one_line_without_the_password(tmp_path):
    result = run_on(["import", str(ORDER_FILE)], "postgresql+asyncpg://sf:hunter2@127.0.0.1:1/x", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Cannot reach the database at postgresql+asyncpg://sf:***@127.0.0.1:1/x: ")
    assert "hunter2" not in result.output
    assert len(result.stderr.splitlines()) == 1


def test_an_older_schema_says_to_migrate_and_migrate_mends_it(tmp_path):
    scripts = ScriptDirectory.from_config(alembic_config("sqlite+aiosqlite://"))
    head = scripts.get_current_head()
    before = scripts.get_revision(head).down_revision
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}"
    upgrade(url, before)
    result = run_on(["import", str(ORDER_FILE)], url, tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: The database at {url} has schema revision {before}, older than this "
        f"Shipfloor's {head}; run `shipfloor migrate` (`./run.sh migrate`) first.\n"
    )
    assert run_on(["migrate"], url, tmp_path).exit_code == 0
    # Migrated, the same command imports (held for review: the catalogue lacks its SKUs).
    result = run_on(["import", str(ORDER_FILE)], url, tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"woocommerce: 1 order(s) in {ORDER_FILE}: held 1\n"


def test_an_empty_postgresql_database_says_to_migrate_first(tmp_path):
    name = f"shipfloor_test_{run_id()}_{worker_id()}_bare"
    asyncio.run(_recreate_pg_database(name))
    try:
        url = pg_url(name)
        result = run_on(["import", str(ORDER_FILE)], url, tmp_path)
        assert result.exit_code == 1
        # (The URL as shown: a password in SHIPFLOOR_TEST_PG would be masked.)
        assert result.stderr == no_tables(make_url(url).render_as_string(hide_password=True))
    finally:
        asyncio.run(_drop_pg_database(name))
