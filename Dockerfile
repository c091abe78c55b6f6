# The Concord web, worker and beat image (see docker-compose.yml).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=backend.production
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client gettext \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
# The interface's catalogs (locale/README.md): compiled here, never committed.
RUN SECRET_KEY=build-only-secret-key-that-is-long-enough-for-the-check-0123456789 \
    python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0 \
    && SECRET_KEY=build-only-secret-key-that-is-long-enough-for-the-check-0123456789 \
    python manage.py collectstatic --no-input -v0
# var/exports exists in the image so that the shared volume mounted there is concord's.
RUN useradd --system --home /app concord && mkdir -p /app/var/exports && chown -R concord /app/var
USER concord
EXPOSE 8000
CMD ["gunicorn", "backend.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
