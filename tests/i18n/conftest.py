"""A small catalog of the test's own, so that what a language shows is known exactly."""

import polib
import pytest
from django.utils.translation import to_locale


@pytest.fixture
def catalogs(settings, tmp_path):
    """Install `{language: {msgid: msgstr}}` as the only project catalogs (Django's own and
    DRF's stay); LOCALE_PATHS changing resets Django's translation caches both ways."""

    def install(translations: dict[str, dict[str, str]]) -> None:
        for language, entries in translations.items():
            catalog = polib.POFile()
            catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
            for msgid, msgstr in entries.items():
                catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
            folder = tmp_path / "locale" / to_locale(language) / "LC_MESSAGES"
            folder.mkdir(parents=True)
            catalog.save_as_mofile(str(folder / "django.mo"))
        settings.LOCALE_PATHS = [tmp_path / "locale"]

    return install
