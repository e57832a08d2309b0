"""Chinese first, English second: complete, compiled catalogues and a working switch."""

from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_the_chinese_catalogue_is_complete():
    catalogue = polib.pofile(str(PO))
    assert len(catalogue) > 50
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


def test_the_compiled_catalogue_matches_the_source():
    """The .mo is committed, so a machine without gettext still shows Chinese."""
    source = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(PO))}
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(MO))}
    stale = {key for key, text in source.items() if compiled.get(key) != text}
    assert not stale, f"run `make messages`: {sorted(stale)[:5]}"


@pytest.mark.django_db
def test_the_home_page_is_chinese_by_default():
    response = Client().get("/")
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.text
    assert "我的学习" in response.text or "登录" in response.text


@pytest.mark.django_db
def test_the_language_switch_turns_the_site_english(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/"}, follow=True
    )
    assert '<html lang="en">' in response.text
    assert "Log in" in response.text
