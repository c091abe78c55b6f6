"""Every marked string is translated in the six catalogs, with the source's placeholders.

The strings come from a fresh extraction (the `make messages` command, run in a temporary copy
of locale/), so a string marked since the catalogs were last extracted fails here too. English
is the source language: its catalog may leave msgstr empty (gettext then shows the msgid), and
what it does translate must keep the placeholders.
"""

import shutil

import pytest
from django.conf import settings

from .catalogs import catalog, extract_fresh, missing_translations, placeholder_mismatches

pytestmark = pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext (xgettext, msgmerge) is not installed"
)
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    return extract_fresh(tmp_path_factory.mktemp("catalogs"))


def test_the_six_languages_are_offered():
    assert [code for code, _ in settings.LANGUAGES] == ["ar", "zh-hans", "en", "fr", "ru", "es"]


def test_the_extraction_finds_the_marked_strings(fresh):
    source = catalog(fresh, "en")
    msgids = {entry.msgid for entry in source}
    assert "Comment on this passage" in msgids  # a template
    assert "The consultation is not open yet." in msgids  # a domain error's detail
    assert "Your daily digest: %(count)s notification" in msgids  # an e-mail, with its plural
    assert len(msgids) > 700


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_is_translated(fresh, language):
    missing = missing_translations(catalog(fresh, language))
    assert not missing, (
        f"{len(missing)} untranslated or fuzzy strings in {language}, e.g. {missing[:5]}"
    )


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_translations_keep_the_placeholders(fresh, language):
    wrong = placeholder_mismatches(catalog(fresh, language))
    assert not wrong, f"{language}: " + "; ".join(wrong[:5])
