"""Benchmark settings: the project's settings plus the floor views' URLs; no throttling."""

from backend.settings import *  # noqa: F403
from backend.settings import REST_FRAMEWORK

ROOT_URLCONF = "benchmarks.urls"
DEBUG = False
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"handlers": [], "level": "WARNING"},
}
# The import cases upload 100k-row templates (tens of MB): raise the caps the API enforces.
UPLOAD_MAX_BYTES = 1024 * 1024 * 1024
COMMENT_IMPORT_MAX_BYTES = UPLOAD_MAX_BYTES
COMMENT_IMPORT_MAX_ROWS = 2_000_000
COMMENT_IMPORT_MAX_EXPANDED_BYTES = 4 * UPLOAD_MAX_BYTES
