"""The command line: migrate, demo without serving, location labels, create-user."""

import os

import pypdfium2
from click.testing import CliRunner

from server.cli import main


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
