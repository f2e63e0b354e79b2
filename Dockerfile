# Shipfloor application image for the production stack in compose.yaml.
FROM python:3.11-slim

ENV UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SHIPFLOOR_HOST=0.0.0.0 \
    SHIPFLOOR_PORT=8000

RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
COPY server ./server
COPY routing ./routing
COPY scanners ./scanners
RUN uv sync --frozen --no-dev

EXPOSE 8000
CMD ["sh", "-c", "uv run --frozen --no-dev shipfloor migrate && exec uv run --frozen --no-dev shipfloor serve"]
