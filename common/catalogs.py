"""Compile locale/*/LC_MESSAGES/*.po to .mo with polib, for machines without GNU msgfmt.

`make catalogs` uses Django's compilemessages (msgfmt) when it is installed, else this:
`python -m common.catalogs`. Fuzzy entries are left out, as msgfmt leaves them out.
"""

from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_catalogs(locale_dir: Path = LOCALE_DIR) -> int:
    """Write the .mo beside each .po under `locale_dir`; returns how many were written."""
    written = 0
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        catalog = polib.pofile(str(po_path))
        for entry in catalog.fuzzy_entries():
            catalog.remove(entry)
        catalog.save_as_mofile(str(po_path.with_suffix(".mo")))
        written += 1
    return written


if __name__ == "__main__":
    print(f"compiled {compile_catalogs()} catalogs")
