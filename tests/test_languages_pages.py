"""Spanish pages: event content in its language, Spanish titles when written, counts."""

from __future__ import annotations

import pytest

from tests.factories import make_count, make_event, make_timeline

pytestmark = pytest.mark.django_db


def test_spanish_pages_show_the_spanish_title_and_summary_when_written(client):
    both = make_event(
        title="Rally at Federal Plaza",
        title_es="Manifestación en Federal Plaza",
        summary="Thousands gathered.",
        summary_es="Miles se reunieron.",
    )
    english_only = make_event(title="Raid in Little Village", summary="Agents arrived.")
    make_timeline(both, english_only, slug="chicago")
    spanish = client.get("/es/timelines/chicago/").content.decode()
    assert "Manifestación en Federal Plaza" in spanish
    assert "Rally at Federal Plaza" not in spanish
    assert "Raid in Little Village" in spanish
    english = client.get("/timelines/chicago/").content.decode()
    assert "Rally at Federal Plaza" in english
    assert "Manifestación en Federal Plaza" not in english
    both_url, english_url = both.get_absolute_url(), english_only.get_absolute_url()
    detail = client.get(f"/es{both_url}").content.decode()
    assert "Miles se reunieron." in detail
    assert '"inLanguage": "es"' in detail
    assert '<meta property="og:locale" content="es_US">' in detail
    english_detail = client.get(english_url).content.decode()
    assert '"inLanguage": "en"' in english_detail
    assert '<meta property="og:locale" content="en_US">' in english_detail


def test_an_event_in_english_only_on_a_spanish_page_says_its_language(client):
    event = make_event(title="Raid in Little Village")
    page = client.get(f"/es{event.get_absolute_url()}").content.decode()
    assert '"inLanguage": "en"' in page
    assert '<h1 id="event-title" lang="en">Raid in Little Village</h1>' in page


def test_date_headings_are_written_as_each_language_writes_dates(client):
    import datetime as dt

    make_timeline(make_event(title="March", start=dt.date(2025, 6, 14)), slug="chicago")
    english = client.get("/timelines/chicago/").content.decode()
    spanish = client.get("/es/timelines/chicago/").content.decode()
    assert "<h2>June 2025</h2>" in english
    assert "<p>Saturday, June 14</p>" in english
    assert "<h2>junio de 2025</h2>" in spanish
    assert "<p>sábado 14 de junio</p>" in spanish


def test_counts_are_grouped_as_spanish_newsrooms_write_them(client):
    event = make_event(title="March")
    make_count(event, low=70000)
    url = event.get_absolute_url()
    page = client.get(f"/es{url}").content.decode()
    assert "70.000 participantes" in page
    assert "70,000 participants" in client.get(url).content.decode()


def test_the_switcher_and_hreflang_links_keep_the_path_and_filters(client):
    make_timeline(make_event(title="March"), slug="chicago")
    english = client.get("/timelines/chicago/?type=rally&q=march").content.decode()
    spanish_url = "http://testserver/es/timelines/chicago/?type=rally&amp;q=march"
    english_url = "http://testserver/en/timelines/chicago/?type=rally&amp;q=march"
    plain_url = "http://testserver/timelines/chicago/?type=rally&amp;q=march"
    assert f'<a href="{spanish_url}" hreflang="es" lang="es">Español</a>' in english
    assert f'<link id="hreflang-es" rel="alternate" hreflang="es" href="{spanish_url}">' in english
    assert f'<link id="hreflang-en" rel="alternate" hreflang="en" href="{english_url}">' in english
    assert (
        f'<link id="hreflang-x-default" rel="alternate" hreflang="x-default" href="{plain_url}">'
        in english
    )
    spanish = client.get("/es/timelines/chicago/?type=rally&q=march").content.decode()
    assert f'<a href="{english_url}" hreflang="en" lang="en">English</a>' in spanish
    assert '<span aria-current="true" lang="es">Español</span>' in spanish


def test_a_filter_change_brings_the_hreflang_links_up_to_date_out_of_band(client):
    make_timeline(make_event(title="March"), slug="chicago")

    region = client.get(
        "/timelines/chicago/?type=rally", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    ).content.decode()

    spanish_url = "http://testserver/es/timelines/chicago/?type=rally"
    assert (
        f'<link id="hreflang-es" rel="alternate" hreflang="es" href="{spanish_url}" '
        'hx-swap-oob="true">'
    ) in region
