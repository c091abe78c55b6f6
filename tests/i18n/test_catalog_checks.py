"""The completeness checks themselves, on small catalogs written here (not the real ones)."""

import polib

from .catalogs import missing_translations, placeholder_mismatches, placeholders


def po(*entries: polib.POEntry) -> polib.POFile:
    catalog = polib.POFile()
    for entry in entries:
        catalog.append(entry)
    return catalog


def test_placeholders_of_every_kind_are_found():
    text = "%(count)s of %(total).1f, %s and {name} — 100%% sure"
    assert placeholders(text) == sorted(["%(count)s", "%(total).1f", "%s", "{name}"])


def test_an_empty_or_fuzzy_translation_is_missing():
    catalog = po(
        polib.POEntry(msgid="Save", msgstr=""),
        polib.POEntry(msgid="Close", msgstr="Fermer", flags=["fuzzy"]),
        polib.POEntry(msgid="Open", msgstr="Ouvrir"),
        polib.POEntry(
            msgid="%(n)s comment", msgid_plural="%(n)s comments", msgstr_plural={0: "x", 1: ""}
        ),
    )
    assert missing_translations(catalog) == ["Save", "Close", "%(n)s comment"]


def test_a_translation_with_other_placeholders_is_refused():
    catalog = po(
        polib.POEntry(msgid="Closes on %(date)s", msgstr="Ferme le %(data)s"),
        polib.POEntry(msgid="Row %s", msgstr="Ligne %s"),
        polib.POEntry(msgid="{name} replied", msgstr="réponse de {nom}"),
    )
    wrong = placeholder_mismatches(catalog)
    assert len(wrong) == 2
    assert "Closes on" in wrong[0] and "{name}" in wrong[1]


def test_a_plural_form_may_spell_its_number():
    catalog = po(
        polib.POEntry(
            msgid="%(count)s day left",
            msgid_plural="%(count)s days left",
            msgstr_plural={0: "لا أيام", 1: "يوم واحد", 2: "%(count)s يومان", 3: "%(count)s أيام"},
        ),
        polib.POEntry(
            msgid="%(count)s row", msgid_plural="%(count)s rows", msgstr_plural={0: "%(rows)s"}
        ),
    )
    wrong = placeholder_mismatches(catalog)
    assert len(wrong) == 1 and "%(count)s row" in wrong[0]
