"""Uploads kept between an import's preview and the import itself.

A browser cannot send a chosen file again from the preview page, so the file read for the
preview is kept on the server (under VAR_DIR/uploads, named by a random token held in the
person's session) until they import it or a day passes. Only files that the import's reader
accepted are kept, and only their bytes: the name shown is taken from the session.
"""

import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

KEEP_SECONDS = 24 * 3600
_SESSION_KEY = "pending_imports"


def _folder() -> Path:
    folder = Path(settings.VAR_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _sweep(folder: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in folder.glob("*.upload"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def keep(request, upload, *, consultation_id: int) -> str:
    """Store the upload's bytes for this person and consultation; returns its token."""
    folder = _folder()
    _sweep(folder)
    token = secrets.token_urlsafe(24)
    upload.seek(0)
    (folder / f"{token}.upload").write_bytes(upload.read())
    pending = request.session.get(_SESSION_KEY, {})
    pending[token] = {"consultation": consultation_id, "name": upload.name[:200]}
    request.session[_SESSION_KEY] = pending
    return token


def fetch(request, token: str, *, consultation_id: int) -> SimpleUploadedFile | None:
    """The kept upload, if this person kept it for this consultation and it is still there."""
    entry = request.session.get(_SESSION_KEY, {}).get(token)
    path = _folder() / f"{token}.upload"
    if not entry or entry["consultation"] != consultation_id or not path.is_file():
        return None
    return SimpleUploadedFile(entry["name"], path.read_bytes())


def discard(request, token: str) -> None:
    """Forget a kept upload (after its import)."""
    pending = request.session.get(_SESSION_KEY, {})
    pending.pop(token, None)
    request.session[_SESSION_KEY] = pending
    (_folder() / f"{token}.upload").unlink(missing_ok=True)
