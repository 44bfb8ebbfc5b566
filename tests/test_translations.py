"""Every interface string has its Spanish, and the Spanish page keeps no English interface."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.factories import make_count, make_event, make_place, make_timeline

CATALOG = settings.BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"


def entries(po: str) -> list[tuple[str, list[str], bool]]:
    """(msgid, msgstrs, fuzzy) for every message in a .po file but the header."""
    found = []
    for block in po.split("\n\n"):
        if block.lstrip().startswith("#~"):
            continue
        msgid = "".join(re.findall(r'"(.*)"', _field(block, "msgid")))
        if not msgid:
            continue
        strings = ["".join(re.findall(r'"(.*)"', m)) for m in _fields(block, r"msgstr(?:\[\d\])?")]
        found.append((msgid, strings, "#, fuzzy" in block or ", fuzzy" in block))
    return found


def _field(block: str, name: str) -> str:
    match = re.search(rf'^{name} ((?:".*"\n?)+)', block, re.M)
    return match.group(1) if match else ""


def _fields(block: str, name: str) -> list[str]:
    return [m.group(2) for m in re.finditer(rf'^({name}) ((?:".*"\n?)+)', block, re.M)]


def test_every_string_in_the_templates_and_code_has_its_spanish(tmp_path: Path, settings):
    """makemessages over a copy of the code, merged with our catalog: nothing left empty."""
    if shutil.which("xgettext") is None:
        pytest.fail("This test needs GNU gettext: apt-get install -y gettext", pytrace=False)
    for name in ("config", "templates", "timeline"):
        (tmp_path / name).symlink_to(settings.BASE_DIR / name)
    copy = tmp_path / "locale" / "es" / "LC_MESSAGES"
    copy.mkdir(parents=True)
    shutil.copy(CATALOG, copy / "django.po")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        call_command(
            "makemessages",
            locale=["es"],
            symlinks=True,
            no_obsolete=True,
            verbosity=0,
            ignore_patterns=["timeline/extraction/*"],
        )
    finally:
        os.chdir(here)
    made = entries((copy / "django.po").read_text())
    assert len(made) > 100
    untranslated = [msgid for msgid, strings, fuzzy in made if fuzzy or not all(strings)]
    assert untranslated == [], "no Spanish yet (manage.py makemessages -l es, then translate)"
    assert {msgid for msgid, _, _ in made} == {
        msgid for msgid, _, _ in entries(CATALOG.read_text())
    }


# Interface words of the English timeline page that Spanish shares, or that are names.
SAME_IN_BOTH = {"Dateline", "TimelineJS (JSON)", "English", "Español"}


def interface_text(page: str) -> set[str]:
    """The page's visible text outside event content: what {% translate %} should cover."""
    page = re.sub(r"<(script|style|time|h3|h2 id=\"title)[^>]*>.*?</\1>", " ", page, flags=re.S)
    page = re.sub(
        r"<(span|p|a|option|h1|li) [^>]*"
        r'(lang="en"|class="(place|lead-count|snippet|summary|muted)")'
        r"[^>]*>.*?</\1>",
        " ",
        page,
        flags=re.S,
    )
    page = re.sub(r"<textarea.*?</textarea>", " ", page, flags=re.S)
    texts = re.findall(r">([^<>]+)<", page)
    labels = re.findall(r'aria-label="([^"]+)"', page)
    return {t.strip() for t in texts + labels if re.search(r"[A-Za-z]{3}", t)}


@pytest.mark.django_db
def test_the_spanish_timeline_page_keeps_no_english_interface(client):
    place = make_place(name="Chicago")
    event = make_event(title="Rally downtown", place=place, type="rally")
    make_count(event, low=70000)
    make_timeline(event, slug="chicago", title="ICE in Chicago")
    english = interface_text(client.get("/timelines/chicago/").content.decode())
    spanish = interface_text(client.get("/es/timelines/chicago/").content.decode())
    left = {text for text in english & spanish if text not in SAME_IN_BOTH}
    # content, not interface
    left -= {"ICE in Chicago", "ICE in Chicago · Dateline", "Rally downtown", "Chicago"}
    assert left == set()
    assert {"Todos los eventos", "Buscar", "Mostrar eventos"} <= spanish
