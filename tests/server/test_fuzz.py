"""Property-based API fuzz: schemathesis generates requests from the OpenAPI schema at /schema,
valid and invalid, as an admin; no request may cause a server error."""

import asyncio

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from server.app import create_app
from server.config import Settings
from server.db.engine import make_engine, make_sessionmaker
from server.db.migrate import upgrade
from server.demo.loader import load_demo
from server.db.models import User
from server.domain.auth.services import issue_token
from sqlalchemy import select
from tests.conftest import in_thread

# The live event stream never ends by design; it has its own tests.
NOT_FUZZED = {"/api/events"}


async def _seed(settings: Settings) -> str:
    engine = make_engine(settings)
    try:
        async with make_sessionmaker(engine)() as session:
            await load_demo(session)
            admin = await session.scalar(select(User).where(User.username == "admin"))
            issued = await issue_token(session, admin, 3600)
            await session.commit()
            return issued.token
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def fuzz_target(tmp_path_factory):
    settings = Settings(data_dir=str(tmp_path_factory.mktemp("fuzz")), log_level="critical")
    in_thread(upgrade, settings.effective_database_url)
    token = in_thread(asyncio.run, _seed(settings))
    app = create_app(settings)
    return app, token


@pytest.fixture(scope="module")
def api_schema(fuzz_target):
    app, _ = fuzz_target
    return schemathesis.openapi.from_asgi("/schema/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_answers_with_a_server_error(case, fuzz_target):
    if case.path in NOT_FUZZED:
        return
    _, token = fuzz_target
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error])
