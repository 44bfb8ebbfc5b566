"""English and Spanish: which language a page is in, and that each reader gets their own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tests.factories import make_event, make_timeline
from timeline.dates import DatePrecision
from timeline.models import EditorialStatus

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-US,es;q=0.9,en;q=0.8"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


@pytest.fixture
def week_timeline():
    event = make_event(
        title="March downtown",
        start=dt.date(2025, 6, 9),
        end=dt.date(2025, 6, 15),
        precision=DatePrecision.WEEK,
    )
    return make_timeline(event, slug="chicago")


def test_spanish_lives_under_es_and_english_without_a_prefix(client, week_timeline):
    english = client.get("/timelines/chicago/")
    spanish = client.get("/es/timelines/chicago/")
    assert "Week of June 9, 2025" in english.content.decode()
    assert "Semana del 9 de junio de 2025" in spanish.content.decode()
    assert english["Content-Language"] == "en"
    assert spanish["Content-Language"] == "es"


def test_embeds_are_in_spanish_under_es_too(client, week_timeline):
    page = client.get("/es/embed/timelines/chicago/").content.decode()
    assert "Semana del 9 de junio de 2025" in page


def test_a_browser_asking_for_spanish_gets_spanish_at_the_plain_address(client, week_timeline):
    response = client.get("/timelines/chicago/", **SPANISH)
    assert "Semana del 9 de junio de 2025" in response.content.decode()
    assert "Accept-Language" in response["Vary"]


def test_a_prefixed_address_ignores_the_browser_and_does_not_vary_on_it(client, week_timeline):
    response = client.get("/es/timelines/chicago/", **ENGLISH)
    assert "Semana del 9 de junio de 2025" in response.content.decode()
    assert "Accept-Language" not in response.get("Vary", "")
    assert "Cookie" not in response.get("Vary", "")


def test_a_reader_whose_browser_asks_for_spanish_can_read_english_under_en(week_timeline):
    spanish_browser = Client(**SPANISH)
    plain = spanish_browser.get("/timelines/chicago/").content.decode()
    english_link = 'href="http://testserver/en/timelines/chicago/" hreflang="en"'
    assert english_link in plain  # the switcher, on the page the browser got in Spanish
    response = spanish_browser.get("/en/timelines/chicago/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Week of June 9, 2025" in page
    assert response["Content-Language"] == "en"
    assert "Accept-Language" not in response.get("Vary", "")
    # Its links keep the reader in English: the event, the filters, the axis, more pages.
    event = week_timeline.events.get()
    assert f'href="/en/events/{event.slug}/"' in page
    assert 'action="/en/timelines/chicago/"' in page
    assert 'href="/timelines/chicago/?' not in page
    event_page = spanish_browser.get(f"/en/events/{event.slug}/").content.decode()
    assert "Week of June 9, 2025" in event_page


def test_cards_shown_at_a_plain_address_are_not_reused_with_its_links_under_en(week_timeline):
    event = week_timeline.events.get()
    Client().get("/timelines/chicago/")  # the cards, kept with unprefixed links
    page = Client().get("/en/timelines/chicago/").content.decode()
    assert f'href="/en/events/{event.slug}/"' in page
    assert f'href="/events/{event.slug}/"' not in page


def test_english_and_spanish_readers_never_get_each_others_cached_copy(week_timeline):
    address = "/timelines/chicago/"
    spanish_first = Client().get(address, **SPANISH)
    english_next = Client().get(address, **ENGLISH)
    spanish_again = Client().get(address, **SPANISH)
    no_header = Client().get(address)
    assert "Semana del" in spanish_first.content.decode()
    assert "Week of June 9" in english_next.content.decode()
    assert "Semana del" in spanish_again.content.decode()
    assert "Week of June 9" in no_header.content.decode()
    assert spanish_first["ETag"] != english_next["ETag"]
    assert spanish_again["ETag"] == spanish_first["ETag"]


def test_an_english_etag_does_not_revalidate_the_spanish_page(week_timeline):
    address = "/timelines/chicago/"
    english = Client().get(address, **ENGLISH)
    spanish = Client().get(address, HTTP_IF_NONE_MATCH=english["ETag"], **SPANISH)
    assert spanish.status_code == 200
    assert "Semana del" in spanish.content.decode()
    same = Client().get(address, HTTP_IF_NONE_MATCH=english["ETag"], **ENGLISH)
    assert same.status_code == 304


def test_the_api_feeds_and_exports_stay_english_whatever_the_browser_asks(client, week_timeline):
    api = client.get("/api/v1/events/", **SPANISH)
    assert api.json()["events"][0]["date"]["display_date"] == "Week of June 9, 2025"
    assert "Accept-Language" not in api.get("Vary", "")
    feed = client.get("/timelines/chicago/feed/", **SPANISH).content.decode()
    assert "Week of June 9, 2025" in feed
    csv = client.get("/timelines/chicago/export.csv", **SPANISH).content.decode()
    assert "Week of June 9, 2025" in csv


def test_drafts_stay_out_of_spanish_pages(client):
    draft = make_event(
        title="Unchecked claim",
        title_es="Afirmación sin verificar",
        editorial_status=EditorialStatus.DRAFT,
    )
    make_timeline(make_event(title="Checked"), slug="chicago")
    spanish = client.get("/es/timelines/chicago/").content.decode()
    assert "Afirmación sin verificar" not in spanish
    assert client.get(f"/es{draft.get_absolute_url()}").status_code == 404
