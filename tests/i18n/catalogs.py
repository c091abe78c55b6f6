"""Reading the catalogs as the completeness test sees them: a fresh extraction, then polib."""

import os
import re
import shutil
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils.translation import to_locale

# The arguments of `make messages` (Makefile), the one way catalogs are extracted.
MAKEMESSAGES = {
    "locale": ["ar", "zh_Hans", "en", "fr", "ru", "es"],
    "add_location": "file",
    "ignore_patterns": ["tests", "benchmarks", "var", "*/vendor/*", "node_modules", ".venv"],
    "verbosity": 0,
}
# Not read by the extraction (its --ignore options), and locale/ itself, which is copied.
SKIPPED = {"locale", "tests", "benchmarks", "var", "node_modules"}
#: %(name)s, %(name).1f, %s, %d and {name}: what Python fills in at run time.
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdfir]|%[sdfir]|\{\w*\}")


def extract_fresh(into: Path) -> Path:
    """Extract into a copy of locale/ under `into`; the repository's catalogs stay untouched.

    makemessages writes to the `locale` folder above each file it reads, so it runs in `into`,
    where the source folders are linked (msgmerge keeps what is already translated).
    """
    root = Path(settings.BASE_DIR)
    source = Path(settings.LOCALE_PATHS[0])
    target = into / "locale"
    if source.exists():
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.mo"))
    target.mkdir(exist_ok=True)
    for item in root.iterdir():
        if item.name not in SKIPPED and not item.name.startswith("."):
            (into / item.name).symlink_to(item)
    previous = Path.cwd()
    os.chdir(into)
    try:
        with override_settings(LOCALE_PATHS=[target]):
            call_command("makemessages", symlinks=True, **MAKEMESSAGES)
    finally:
        os.chdir(previous)
    return target


def catalog(locale_dir: Path, language: str) -> polib.POFile:
    """The django.po of a language code of settings.LANGUAGES (e.g. zh-hans -> zh_Hans)."""
    return polib.pofile(str(locale_dir / to_locale(language) / "LC_MESSAGES" / "django.po"))


def placeholders(text: str) -> list[str]:
    """The placeholders of a message, sorted (positional ones counted)."""
    return sorted(PLACEHOLDER.findall(text))


def missing_translations(po: polib.POFile) -> list[str]:
    """msgids with an empty msgstr (any plural form) or marked fuzzy."""
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if entry.fuzzy or not all(form.strip() for form in forms):
            missing.append(entry.msgid)
    return missing


def placeholder_mismatches(po: polib.POFile) -> list[str]:
    """Translations whose placeholders differ from their source's, one line each.

    A plural form may leave a placeholder out (Arabic's "one" and "two" forms often spell the
    number), but together the forms use exactly the source's, and none adds one. Fuzzy entries
    (msgmerge's guesses) are missing translations, not checked here.
    """
    wrong = []
    for entry in po:
        if entry.obsolete or entry.fuzzy:
            continue
        if entry.msgid_plural:
            source = set(placeholders(entry.msgid)) | set(placeholders(entry.msgid_plural))
            forms = [form for form in entry.msgstr_plural.values() if form]
            used = set().union(*(set(placeholders(form)) for form in forms)) if forms else source
            if used != source:
                wrong.append(f"{entry.msgid!r}: {sorted(used)} instead of {sorted(source)}")
        elif entry.msgstr and placeholders(entry.msgstr) != placeholders(entry.msgid):
            wrong.append(
                f"{entry.msgid!r}: {placeholders(entry.msgstr)} instead of "
                f"{placeholders(entry.msgid)}"
            )
    return wrong
