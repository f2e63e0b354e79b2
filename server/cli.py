"""The ``shipfloor`` command: serve, migrate, demo, create-user, labels, layout, import."""

from __future__ import annotations

import asyncio
import os
import sys

import click

from server.config import Settings


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


class SchemaNotReady(click.ClickException):
    """The database has no Shipfloor tables, or an older schema than this version's."""


def _shown_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is shown as given (it has no password to hide)
        return url


def _schema_problem(settings: Settings) -> str | None:
    """Why the commands that read or write data cannot run on this database (``None``: they
    can): it has no Shipfloor tables (never migrated) or an older schema revision. A SQLite file
    that does not exist is not created. Raises ``OSError``/``SQLAlchemyError`` when the database
    cannot be reached."""
    from pathlib import Path

    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy.engine import make_url

    from server.db.engine import make_engine
    from server.db.migrate import alembic_config

    url = settings.effective_database_url
    shown = _shown_url(url)
    missing = (
        f"The database at {shown} has no Shipfloor tables; run `shipfloor migrate` "
        "(`./run.sh migrate`) first, or `./run.sh demo` for the demo warehouse."
    )
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        if not Path(parsed.database).is_file():
            return missing

    async def current() -> str | None:
        engine = make_engine(settings)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(
                    lambda sync: MigrationContext.configure(sync).get_current_revision()
                )
        finally:
            await engine.dispose()

    revision = asyncio.run(current())
    if revision is None:
        return missing
    scripts = ScriptDirectory.from_config(alembic_config(url))
    head = scripts.get_current_head()
    if revision != head and revision in {rev.revision for rev in scripts.walk_revisions()}:
        return (
            f"The database at {shown} has schema revision {revision}, older than this "
            f"Shipfloor's {head}; run `shipfloor migrate` (`./run.sh migrate`) first."
        )
    return None  # head, or a revision newer than this code knows: let the command try


def _require_schema(settings: Settings) -> None:
    """Stop a command that reads or writes data, in one line and with exit status 1, when the
    database is not migrated (or cannot be reached)."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        problem = _schema_problem(settings)
    except (OSError, SQLAlchemyError) as exc:
        cause = getattr(exc, "orig", None) or exc  # the driver's words, without SQLAlchemy's wrapping
        reason = (str(cause).strip().splitlines() or [cause.__class__.__name__])[0]
        raise click.ClickException(
            f"Cannot reach the database at {_shown_url(settings.effective_database_url)}: {reason}"
        ) from exc
    if problem:
        raise SchemaNotReady(problem)


def _serve(settings: Settings) -> None:
    import uvicorn

    click.echo(
        f"Shipfloor on http://{settings.host}:{settings.port} "
        f"({'SQLite ' + settings.effective_database_url.split('///', 1)[-1] if settings.is_sqlite else 'PostgreSQL'}, "
        f"{'Redis' if settings.redis_url else 'in-memory events'})",
        err=True,
    )
    uvicorn.run(
        "server.serving:create_served_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_config=None,
        access_log=False,
        proxy_headers=False,
    )


def _apply_env(**values: object) -> None:
    # Worker processes rebuild settings from the environment, so options travel through it.
    for name, value in values.items():
        if value is not None:
            os.environ[f"SHIPFLOOR_{name.upper()}"] = str(value)


@click.group()
@click.version_option(package_name="shipfloor")
def main() -> None:
    """Shipfloor: warehouse order processing. Settings come from SHIPFLOOR_* variables."""


@main.command()
def migrate() -> None:
    """Migrate the database to the newest schema (creates the SQLite file when needed)."""
    from server.db.migrate import upgrade

    settings = _settings()
    upgrade(settings.effective_database_url)
    click.echo("database migrated", err=True)


@main.command()
@click.option("--host", default=None, help="address to listen on (SHIPFLOOR_HOST)")
@click.option("--port", type=int, default=None, help="port to listen on (SHIPFLOOR_PORT)")
@click.option("--workers", type=int, default=None, help="server processes (SHIPFLOOR_WORKERS)")
def serve(host: str | None, port: int | None, workers: int | None) -> None:
    """Serve the API (and the app's pages) without touching the database schema (refused on a
    database that is not migrated: run ``shipfloor migrate`` first)."""
    _apply_env(host=host, port=port, workers=workers)
    settings = _settings()
    try:
        _require_schema(settings)
    except SchemaNotReady:
        raise
    except click.ClickException as exc:
        # The server rides out a database that is down (503 until it is back): start anyway.
        click.echo(f"warning: {exc.format_message()}", err=True)
    _serve(settings)


@main.command()
@click.option("--host", default=None, help="address to listen on")
@click.option("--port", type=int, default=None, help="port to listen on (default 8000)")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None, help="folder of the SQLite file")
@click.option("--no-serve", is_flag=True, help="load the demo data and exit")
def demo(host: str | None, port: int | None, data_dir: str | None, no_serve: bool) -> None:
    """Migrate, load the demo warehouse (idempotently) and serve it."""
    from server.db.engine import make_engine, make_sessionmaker
    from server.db.migrate import upgrade
    from server.demo.loader import load_demo

    _apply_env(host=host, port=port, data_dir=os.path.abspath(data_dir) if data_dir else None)
    settings = _settings()

    async def load() -> dict[str, int]:
        engine = make_engine(settings)
        try:
            async with make_sessionmaker(engine)() as session:
                summary = await load_demo(session)
                await session.commit()
                return summary
        finally:
            await engine.dispose()

    upgrade(settings.effective_database_url)
    summary = asyncio.run(load())
    click.echo(f"demo warehouse ready (created: {summary})", err=True)
    click.echo("log in as admin, supervisor, picker or packer with password 'demo'", err=True)
    if not no_serve:
        _serve(settings)


@main.command("create-user")
@click.argument("username")
@click.option("--name", "display_name", default=None, help="display name (default: the user name)")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice(["picker", "packer", "supervisor", "admin"]),
    help="a role; repeat for several",
)
@click.option("--badge", default=None, help="badge barcode for badge + PIN login")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--pin", default=None, help="PIN for badge login")
def create_user(
    username: str, display_name: str | None, roles: tuple[str, ...], badge: str | None, password: str, pin: str | None
) -> None:
    """Create a user (for example the first admin of a new installation)."""
    from sqlalchemy import select

    from server.db.engine import make_engine, make_sessionmaker
    from server.db.models import User
    from server.domain.auth.security import hash_secret

    settings = _settings()
    _require_schema(settings)

    async def create() -> None:
        engine = make_engine(settings)
        try:
            async with make_sessionmaker(engine)() as session:
                if await session.scalar(select(User).where(User.username == username)):
                    raise click.ClickException(f"user {username!r} exists already")
                session.add(
                    User(
                        username=username,
                        display_name=display_name or username,
                        password_hash=hash_secret(password),
                        badge_code=badge,
                        pin_hash=hash_secret(pin) if pin else None,
                        roles=list(roles),
                    )
                )
                await session.commit()
        finally:
            await engine.dispose()

    asyncio.run(create())
    click.echo(f"user {username} created", err=True)


@main.group()
def labels() -> None:
    """Print labels as PDF sheets."""


@labels.command("locations")
@click.argument("spec")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), default=None, help="PDF file (default: locations.pdf)")
def location_labels(spec: str, out_path: str | None) -> None:
    """Location labels for a range of bins, e.g. ``A-01..A-10`` (every bin whose code starts with
    A-01 … A-10) or a comma list; A4 sheets of 24 labels with Code 128 barcodes."""
    from server.db.engine import make_engine, make_sessionmaker
    from server.domain.warehouse.labels import range_codes, sheet

    settings = _settings()
    _require_schema(settings)

    async def codes() -> list[str]:
        engine = make_engine(settings)
        try:
            async with make_sessionmaker(engine)() as session:
                return await range_codes(session, spec)
        finally:
            await engine.dispose()

    try:
        selected = asyncio.run(codes())
        pdf = sheet(selected)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    target = out_path or "locations.pdf"
    with open(target, "wb") as handle:
        handle.write(pdf)
    click.echo(f"{len(selected)} location labels written to {target}", err=True)


@main.group()
def layout() -> None:
    """The warehouse layout."""


@layout.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="only check the file and say what would change")
def import_layout(file: str, dry_run: bool) -> None:
    """Check a layout file (JSON, DESIGN.md) and make it the active layout, as the admin's upload
    does: kept locations keep their stock; a removed location that holds stock stops it."""
    from pathlib import Path

    from server.db.engine import make_engine, make_sessionmaker
    from server.domain.warehouse import layouts
    from server.errors import ShipfloorError

    settings = _settings()
    _require_schema(settings)

    async def run() -> layouts.LayoutChanges:
        engine = make_engine(settings)
        try:
            async with make_sessionmaker(engine)() as session:
                document = layouts.read_document(Path(file).read_bytes())
                if dry_run:
                    return await layouts.preview(session, document)
                changes = await layouts.activate(session, document)
                await session.commit()
                return changes
        finally:
            await engine.dispose()

    try:
        changes = asyncio.run(run())
    except ShipfloorError as exc:
        held = "".join(f"\n  {b['code']}: {b['on_hand']} on hand, {b['allocated']} allocated"
                       for b in exc.extra.get("locations", []))
        raise click.ClickException(f"{exc.code}: {exc.detail}{held}") from exc
    click.echo(
        f"{changes.name}: {changes.locations} locations; {changes.added} new, {changes.kept} kept "
        f"({changes.moved} moved), {changes.removed} removed"
        + ("" if changes.layout_id is None else f"; layout {changes.layout_id} active")
    )
    for blocked in changes.blocked:
        click.echo(f"holds stock: {blocked.code} ({blocked.on_hand} on hand, {blocked.allocated} allocated)")


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--channel", "channel_name", default=None, help="import into this channel (default: '<platform> file import')")
@click.option("--platform", type=click.Choice(["woocommerce", "shopify", "magento", "lightspeed"]), default=None,
              help="the file's platform (default: recognised from the JSON)")
@click.option("--currency", default=None, help="currency of a new file channel (Lightspeed orders carry none)")
def import_orders(file: str, channel_name: str | None, platform: str | None, currency: str | None) -> None:
    """Load orders from a webshop export or payload FILE (WooCommerce, Shopify, Magento or
    Lightspeed order JSON); importing the same file again changes nothing."""
    from server.domain.channels.cli import run_import

    settings = _settings()
    _require_schema(settings)
    raise SystemExit(run_import(settings, file, channel_name, platform, currency))


if __name__ == "__main__":
    sys.exit(main())
