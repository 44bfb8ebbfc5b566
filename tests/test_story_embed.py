"""The story in an embed: framable, cached, published only, and found by oEmbed."""

from __future__ import annotations

import html
import re

import pytest

from tests.factories import make_event, make_timeline
from tests.test_embeds import iframe_src, oembed, policy
from tests.test_story import DRAFT_NARRATIVE, story  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

EMBED = "/embed/timelines/ice-in-chicago/story/"


def embed_titles(response) -> list[str]:
    return re.findall(r'<h2 id="title-\d+"><a [^>]*>([^<]*)</a>', response.content.decode())


def test_the_story_embed_opens_at_the_first_step(client, story):  # noqa: F811
    response = client.get(EMBED)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Step 1 of 3" in page
    assert "It began at a car wash." in page
    assert embed_titles(response) == ["Car wash raid"]


def test_the_story_embed_steps_inside_the_frame_keeping_its_theme(client, story):  # noqa: F811
    page = client.get(f"{EMBED}2/?theme=dark").content.decode()

    assert 'class="embed-page theme-dark"' in page
    assert embed_titles(client.get(f"{EMBED}2/")) == ["No Kings rally"]
    previous = re.search(r'<a href="([^"]*)" rel="prev"', page)[1]
    following = re.search(r'<a href="([^"]*)" rel="next"', page)[1]
    assert html.unescape(previous) == f"{EMBED}1/?theme=dark"
    assert html.unescape(following) == f"{EMBED}3/?theme=dark"
    assert 'href="/timelines/ice-in-chicago/story/2/" target="_top"' in page


def test_any_site_may_frame_the_story_embed_even_from_the_cache(client, story):  # noqa: F811
    for attempt in ("made", "from the cache"):
        response = client.get(EMBED)
        assert "X-Frame-Options" not in response, attempt
        assert policy(response)["frame-ancestors"] == "*", attempt
        assert policy(response)["script-src"] == "'self'", attempt


def test_the_story_embed_never_shows_drafts_or_their_narrative(client, story):  # noqa: F811
    pages = "".join(client.get(f"{EMBED}{n}/").content.decode() for n in (1, 2, 3))

    assert "Courthouse arrest" not in pages
    assert DRAFT_NARRATIVE not in pages
    assert "Trashed rally" not in pages
    assert client.get(f"{EMBED}4/").status_code == 404


def test_a_story_embed_without_a_story_is_a_framable_404(client, db):
    make_timeline(make_event(), slug="plain")

    for address in ("/embed/timelines/plain/story/", "/embed/timelines/nowhere/story/"):
        response = client.get(address)
        assert response.status_code == 404, address
        assert "not available" in response.content.decode(), address
        assert policy(response)["frame-ancestors"] == "*", address


def test_a_warm_repeat_of_the_story_embed_makes_no_query(
    client,
    story,  # noqa: F811
    django_assert_num_queries,
):
    first = client.get(f"{EMBED}2/")
    with django_assert_num_queries(0):
        assert client.get(f"{EMBED}2/").content == first.content


def test_oembed_of_a_story_step_gives_the_story_embed_at_that_step(client, story):  # noqa: F811
    for page, src in (
        ("/timelines/ice-in-chicago/story/", f"{EMBED}1/"),
        ("/timelines/ice-in-chicago/story/3/", f"{EMBED}3/"),
        ("/timelines/ice-in-chicago/story/print/", f"{EMBED}1/"),
    ):
        response = oembed(client, f"http://testserver{page}")
        assert response.status_code == 200, page
        data = response.json()
        assert data["title"] == "ICE in Chicago: the story", page
        assert iframe_src(data["html"]) == f"http://testserver{src}", page
        assert client.get(src).status_code == 200, page


def test_oembed_of_a_story_that_is_not_there_is_a_404(client, story):  # noqa: F811
    make_timeline(make_event(), slug="plain")
    for page in ("/timelines/plain/story/", "/timelines/ice-in-chicago/story/4/"):
        response = oembed(client, f"http://testserver{page}")
        assert response.status_code == 404, page
        assert "no such story" in response.json()["error"], page


def test_the_story_page_offers_iframe_and_loader_code_for_its_step(client, story):  # noqa: F811
    page = html.unescape(client.get("/timelines/ice-in-chicago/story/2/").content.decode())

    assert f'<iframe src="http://testserver{EMBED}2/"' in page
    assert 'data-timeline="ice-in-chicago" data-story="2"' in page
