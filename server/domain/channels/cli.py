"""``shipfloor import FILE``: the command's work, outside the CLI module."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click

from server.config import Settings
from server.db.base import utcnow
from server.db.engine import make_engine, make_sessionmaker
from server.domain.channels.files import import_file
from server.errors import ShipfloorError


def run_import(
    settings: Settings, file: str, channel: str | None, platform: str | None, currency: str | None
) -> int:
    """Import ``file``; print one line per outcome, each note and each problem. Returns the exit code: 0
    when every order was imported (or was there already), 1 when some were refused."""
    data = Path(file).read_bytes()

    async def run():
        engine = make_engine(settings)
        try:
            return await import_file(
                make_sessionmaker(engine),
                settings,
                data,
                now=utcnow(),
                channel_name=channel,
                platform=platform,
                currency=currency,
            )
        finally:
            await engine.dispose()

    try:
        result = asyncio.run(run())
    except ShipfloorError as exc:
        raise click.ClickException(f"{exc.code}: {exc.detail}") from exc
    counts = ", ".join(f"{name} {count}" for name, count in result.outcomes.items() if count)
    click.echo(f"{result.platform}: {result.orders} order(s) in {file}: {counts or 'nothing'}")
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    for problem in result.problems:
        click.echo(f"refused: {problem}", err=True)
    return 1 if result.problems else 0
