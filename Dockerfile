# syntax=docker/dockerfile:1
# Kota production image: Django behind gunicorn, static files served by WhiteNoise.
# The same image runs the web server, migrations, the Celery worker and Celery beat
# (see compose.yaml).

# --- Builder: a virtualenv with Kota installed, collected static, compiled messages ---
FROM python:3.11-slim-bookworm AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
COPY migrations ./migrations

COPY themes /app/themes

# Compile translations into the source tree first, so the installed package carries the
# .mo files next to the .po files (each app's locale/ folder); the theme packs' catalogs
# are compiled where they are served from (KOTA_HOME/themes/<key>/locale/).
RUN pip install --no-cache-dir polib==1.2.0 \
    && python src/kota/translations.py /app/themes

# Runtime dependencies only: no [dev] or [embedded] extras.
RUN pip install --no-cache-dir .

COPY tenants /app/tenants

# Build-time settings: production storage (hashed, compressed static files) with
# throwaway secrets. collectstatic does not connect to the database.
RUN KOTA_ENV=production \
    SECRET_KEY=build-only \
    DATABASE_URL=postgres://build@localhost/build \
    REDIS_URL=redis://build/0 \
    KOTA_HOME=/app \
    STATIC_ROOT=/app/static \
    kota collectstatic --noinput

# --- Runtime -------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS runtime

ENV KOTA_ENV=production \
    KOTA_HOME=/app \
    PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    STATIC_ROOT=/app/static

# The code and static files stay root-owned (read-only for the app); only the state
# folder (media uploads, the beat schedule) is writable by the kota user.
RUN groupadd --system --gid 10001 kota \
    && useradd --system --uid 10001 --gid kota --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin kota \
    && mkdir -p /app/.kota \
    && chown kota:kota /app/.kota

COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /app /app

WORKDIR /app
# hadolint ignore=DL3066
USER kota

EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

CMD ["gunicorn", "kota.config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
