"""The event card a map marker opens: the list's card, published events only."""

from __future__ import annotations

import pytest

from tests.factories import make_citation, make_event, make_place
from timeline.models import EditorialStatus

pytestmark = pytest.mark.django_db


def test_the_card_is_the_one_the_list_shows(client):
    place = make_place(name="Chicago", latitude=41.88, longitude=-87.63)
    event = make_event(title="No Kings rally", place=place)
    make_citation(event)
    card = client.get(f"/events/{event.slug}/card/")
    assert card.status_code == 200
    listed = client.get("/events/").content.decode()
    markup = card.content.decode()
    start = markup.index('<li class="card')
    item = markup[start : markup.index("</li>", start) + len("</li>")]
    assert item in listed  # the same partial, character for character
    assert 'hx-get="/events/' in item  # and it expands in place as in the list


def test_drafts_have_no_card(client):
    draft = make_event(title="Draft raid", editorial_status=EditorialStatus.DRAFT)
    assert client.get(f"/events/{draft.slug}/card/").status_code == 404
    assert client.get("/events/no-such-event/card/").status_code == 404


def test_the_card_costs_the_same_whatever_the_event(client, django_assert_max_num_queries):
    event = make_event(title="Cited often")
    for _ in range(10):
        make_citation(event)
    with django_assert_max_num_queries(4):
        assert client.get(f"/events/{event.slug}/card/").status_code == 200
