"""Embeds and oEmbed over HTTP: what a frame shows, who may frame it, what oEmbed says."""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.factories import (
    make_citation,
    make_count,
    make_event,
    make_place,
    make_timeline,
    make_user,
)
from timeline import embeds
from timeline.models import EditorialStatus

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}


def titles(response) -> list[str]:
    return re.findall(r'<h2 id="title-\d+"><a [^>]*>([^<]*)</a>', response.content.decode())


def policy(response) -> dict[str, str]:
    """The Content-Security-Policy header as {directive: sources}."""
    directives = (part.strip() for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, _, sources in (d.partition(" ") for d in directives if d)}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Trashing an event needs an editor; the real password hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def story():
    chicago = make_place(name="Chicago")
    raid = make_event(title="Car wash raid", type="raid", place=chicago, start=dt.date(2025, 6, 10))
    make_count(raid, low=12)
    make_citation(raid)
    rally = make_event(title="No Kings rally", type="rally", start=dt.date(2025, 6, 14))
    arrest = make_event(title="Aide arrested", type="arrest", start=dt.date(2025, 6, 20))
    draft = make_event(title="Draft raid", type="raid", editorial_status=EditorialStatus.DRAFT)
    trashed = make_event(title="Trashed raid", type="raid")
    trashed.trash(by=make_user(role="Editor"))
    elsewhere = make_event(title="Raid on another timeline", type="raid")
    timeline = make_timeline(raid, rally, arrest, draft, trashed, title="ICE in Chicago")
    make_timeline(elsewhere)
    return {"timeline": timeline, "raid": raid, "rally": rally, "arrest": arrest, "draft": draft}


def embed_url(timeline) -> str:
    return f"/embed/timelines/{timeline.slug}/"


# --- What an embed shows ------------------------------------------------------------


def test_embed_shows_the_timelines_published_events_in_order(client, story):
    response = client.get(embed_url(story["timeline"]))
    assert response.status_code == 200
    assert titles(response) == ["Car wash raid", "No Kings rally", "Aide arrested"]
    page = response.content.decode()
    assert "ICE in Chicago" in page
    assert "3 events" in page
    assert "12 participants" in page


def test_drafts_never_reach_embeds(client, story):
    timeline_page = client.get(embed_url(story["timeline"]), {"type": "raid"}).content.decode()
    all_events = client.get("/embed/events/", {"type": "raid"}).content.decode()
    for page in (timeline_page, all_events):
        assert "Car wash raid" in page
        assert "Draft raid" not in page
        assert "Trashed raid" not in page
    assert client.get(f"/embed/events/{story['draft'].slug}/").status_code == 404


def test_embed_takes_the_public_timelines_filters(client, story):
    response = client.get(embed_url(story["timeline"]), {"type": ["raid", "arrest"]})
    assert titles(response) == ["Car wash raid", "Aide arrested"]
    response = client.get(embed_url(story["timeline"]), {"place": "chicago"})
    assert titles(response) == ["Car wash raid"]
    response = client.get(embed_url(story["timeline"]), {"start": "2025-06-12", "order": "newest"})
    assert titles(response) == ["Aide arrested", "No Kings rally"]
    response = client.get(embed_url(story["timeline"]), {"q": "kings"})
    assert titles(response) == ["No Kings rally"]


def test_embed_heading_links_to_the_timeline_with_the_same_filters(client, story):
    page = client.get(embed_url(story["timeline"]), {"type": "raid", "limit": "5"}).content.decode()
    assert f'href="/timelines/{story["timeline"].slug}/?type=raid" target="_top"' in page


def test_embed_limit_shows_the_first_events_and_links_to_the_rest(client, story):
    response = client.get(embed_url(story["timeline"]), {"limit": "2"})
    assert titles(response) == ["Car wash raid", "No Kings rally"]
    assert "See all 3 events" in response.content.decode()


def test_embed_limit_is_capped(client, story, monkeypatch):
    monkeypatch.setattr(embeds, "MAX_LIMIT", 2)
    response = client.get(embed_url(story["timeline"]), {"limit": "100000"})
    assert response.status_code == 200
    assert len(titles(response)) == 2


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "lots"}, "Give the number of events as a number."),
        ({"limit": "0"}, "greater than or equal to 1"),
        ({"theme": "neon"}, "The theme is light or dark."),
        ({"type": "picnic"}, "There is no event type called “picnic”."),
        ({"start": "June"}, "Give the start date as YYYY-MM-DD."),
    ],
)
def test_bad_embed_parameters_say_what_is_wrong(client, story, params, message):
    response = client.get(embed_url(story["timeline"]), params)
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert "frame-ancestors *" in response["Content-Security-Policy"]


def test_embed_theme_is_light_unless_dark_is_asked_for(client, story):
    assert (
        'class="embed-page theme-light"'
        in client.get(embed_url(story["timeline"])).content.decode()
    )
    dark = client.get(embed_url(story["timeline"]), {"theme": "dark"}).content.decode()
    assert 'class="embed-page theme-dark"' in dark


def test_every_embed_link_opens_in_the_top_window(client, story):
    for url in [
        embed_url(story["timeline"]),
        "/embed/events/",
        f"/embed/events/{story['raid'].slug}/",
    ]:
        page = client.get(url).content.decode()
        links = re.findall(r"<a [^>]*>", page)
        assert links
        assert all('target="_top"' in link for link in links), links


def test_event_embed_shows_one_event_with_its_summary(client, story):
    event = make_event(title="Guard deployed", type="deployment", summary="Troops arrived.")
    response = client.get(f"/embed/events/{event.slug}/")
    assert response.status_code == 200
    assert titles(response) == ["Guard deployed"]
    assert "Troops arrived." in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/embed/timelines/no-such-timeline/", "/embed/events/no-such-event/"]
)
def test_unknown_embeds_are_not_found_but_still_frameable(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "not available" in response.content.decode()
    assert "X-Frame-Options" not in response
    assert policy(response)["frame-ancestors"] == "*"


def test_unpublished_timeline_embed_is_not_found(client, story):
    hidden = make_timeline(story["raid"], is_published=False)
    response = client.get(embed_url(hidden))
    assert response.status_code == 404
    assert "Car wash raid" not in response.content.decode()


def test_embed_sets_no_cookies_and_needs_none(client, story, editor):
    for path in [embed_url(story["timeline"]), "/embed/events/", "/oembed/?url=x"]:
        response = client.get(path)
        assert "Set-Cookie" not in response, path
        assert not response.cookies
        assert "csrfmiddlewaretoken" not in response.content.decode()
    # Not even for a signed-in editor, whose session the embed never touches.
    client.force_login(editor)
    response = client.get(embed_url(story["timeline"]), {"type": "rally"})
    assert response.status_code == 200
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_embed_has_no_inline_script_and_no_nonce(client, story):
    response = client.get(embed_url(story["timeline"]))
    page = response.content.decode()
    assert "nonce" not in page
    assert "nonce" not in response["Content-Security-Policy"]
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == ['<script src="/static/js/embed-frame.js" defer>']
    assert policy(response)["script-src"] == "'self'"


def test_embed_page_cost_does_not_grow_with_its_events(client, django_assert_max_num_queries):
    events = [make_event(title=f"Rally {n}", start=dt.date(2025, 6, n + 1)) for n in range(20)]
    for event in events:
        make_citation(event)
        make_count(event)
    timeline = make_timeline(*events)
    with django_assert_max_num_queries(10):  # 9 today, for 2 events or for 20
        response = client.get(embed_url(timeline), {"limit": "20"})
    assert len(titles(response)) == 20


# --- Who may frame what -------------------------------------------------------------


def frameable_paths(story) -> list[str]:
    return [
        embed_url(story["timeline"]),
        embed_url(story["timeline"]) + "?type=raid&theme=dark",
        "/embed/events/",
        f"/embed/events/{story['raid'].slug}/",
    ]


def test_only_embed_routes_may_be_framed_by_anyone(client, story):
    for path in frameable_paths(story):
        for attempt in ("made", "from the cache"):
            response = client.get(path)
            assert response.status_code == 200, (path, attempt)
            assert "X-Frame-Options" not in response, (path, attempt)
            assert policy(response)["frame-ancestors"] == "*", (path, attempt)


def test_a_not_modified_embed_keeps_its_framing_headers(client, story):
    path = embed_url(story["timeline"])
    tag = client.get(path)["ETag"]
    response = client.get(path, HTTP_IF_NONE_MATCH=tag)
    assert response.status_code == 304
    assert "X-Frame-Options" not in response
    assert policy(response)["frame-ancestors"] == "*"


def test_every_other_page_refuses_framing(client, story):
    other = [
        "/",
        "/events/",
        story["timeline"].get_absolute_url(),
        story["raid"].get_absolute_url(),
        "/admin/login/",
        "/oembed/?url=" + "http://testserver" + story["raid"].get_absolute_url(),
        "/no-such-page/",
    ]
    for path in other:
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY", path
        assert policy(response)["frame-ancestors"] == "'none'", path


# --- Caching --------------------------------------------------------------------------


def test_embed_is_cached_by_data_version(client, story, django_assert_num_queries):
    path = embed_url(story["timeline"])
    first = client.get(path)
    assert first.status_code == 200
    assert "public" in first["Cache-Control"]
    with django_assert_num_queries(0):
        again = client.get(path)
        not_modified = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.content == first.content
    assert not_modified.status_code == 304

    story["rally"].title = "No Kings rally downtown"
    story["rally"].save()
    changed = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "No Kings rally downtown" in titles(changed)


def test_oembed_answers_304_for_an_unchanged_version(client, story):
    path = "/oembed/?url=" + "http://testserver" + story["timeline"].get_absolute_url()
    first = client.get(path)
    assert first.status_code == 200
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


# --- oEmbed ---------------------------------------------------------------------------


def oembed(client, url: str, **params):
    return client.get("/oembed/", {"url": url, **params})


def iframe_src(markup: str) -> str:
    return html.unescape(re.search(r'<iframe src="([^"]*)"', markup).group(1))


def test_oembed_for_a_filtered_timeline_embeds_the_same_filters(client, story):
    page = "http://testserver" + story["timeline"].get_absolute_url()
    response = oembed(client, f"{page}?type=raid&type=arrest&q=raid&after=xyz&size=3")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["type"] == "rich"
    assert data["version"] == "1.0"
    assert data["title"] == "ICE in Chicago"
    assert data["provider_name"] == "Dateline"
    assert data["provider_url"] == "http://testserver/"
    assert isinstance(data["width"], int)
    assert isinstance(data["height"], int)
    assert isinstance(data["cache_age"], int)
    assert re.fullmatch(r"<iframe [^<>]*></iframe>", data["html"])
    src = urlsplit(iframe_src(data["html"]))
    assert (src.scheme, src.netloc) == ("http", "testserver")
    assert src.path == f"/embed/timelines/{story['timeline'].slug}/"
    assert parse_qsl(src.query) == [("type", "raid"), ("type", "arrest"), ("q", "raid")]
    # The iframe it names shows what the page showed.
    assert titles(client.get(f"{src.path}?{src.query}")) == ["Car wash raid"]


def test_oembed_for_every_event_and_for_one_event(client, story):
    data = oembed(client, "http://testserver/events/?type=rally").json()
    assert data["title"] == "All events"
    assert iframe_src(data["html"]) == "http://testserver/embed/events/?type=rally"

    data = oembed(client, "http://testserver" + story["raid"].get_absolute_url()).json()
    assert data["title"] == "Car wash raid"
    src = iframe_src(data["html"])
    assert src == f"http://testserver/embed/events/{story['raid'].slug}/"
    assert client.get(src).status_code == 200


def test_oembed_takes_the_address_of_a_page_in_either_language(client, story):
    slug = story["timeline"].slug
    for prefix in ("/es", "/en"):
        response = oembed(client, f"http://testserver{prefix}/timelines/{slug}/?type=raid")
        assert response.status_code == 200, prefix
        assert iframe_src(response.json()["html"]).endswith("?type=raid")
    raid = story["raid"]
    raid.title_es = "Redada en un autolavado"
    raid.save()
    event = oembed(client, f"http://testserver/es{raid.get_absolute_url()}").json()
    assert event["title"] == "Redada en un autolavado"
    assert oembed(client, f"http://testserver{raid.get_absolute_url()}").json()["title"] == (
        "Car wash raid"
    )
    # Each embeds in its page's language: the Spanish page's iframe is the Spanish embed.
    assert iframe_src(event["html"]).startswith("http://testserver/es/embed/events/")
    spanish = oembed(client, f"http://testserver/es/timelines/{slug}/").json()
    assert iframe_src(spanish["html"]).startswith(f"http://testserver/es/embed/timelines/{slug}/")
    english = oembed(client, f"http://testserver/en/timelines/{slug}/").json()
    assert iframe_src(english["html"]).startswith(f"http://testserver/en/embed/timelines/{slug}/")
    framed = client.get(iframe_src(english["html"]))
    assert framed.status_code == 200
    assert "frame-ancestors *" in framed["Content-Security-Policy"]


def test_oembed_honours_maxwidth_and_maxheight(client, story):
    page = "http://testserver" + story["timeline"].get_absolute_url()
    full = oembed(client, page).json()
    assert (full["width"], full["height"]) == embeds.TIMELINE_SIZE
    small = oembed(client, page, maxwidth="320", maxheight="240").json()
    assert (small["width"], small["height"]) == (320, 240)
    assert 'width="320"' in small["html"]
    assert 'height="240"' in small["html"]
    roomy = oembed(client, page, maxwidth="5000", maxheight="5000").json()
    assert (roomy["width"], roomy["height"]) == embeds.TIMELINE_SIZE


def test_oembed_html_escapes_what_editors_typed(client, story):
    timeline = make_timeline(story["raid"], title='Raids "and" <b>arrests</b> & more')
    data = oembed(client, "http://testserver" + timeline.get_absolute_url()).json()
    assert data["title"] == 'Raids "and" <b>arrests</b> & more'
    assert 'title="Raids &quot;and&quot; &lt;b&gt;arrests&lt;/b&gt; &amp; more"' in data["html"]
    assert re.fullmatch(r"<iframe [^<>]*></iframe>", data["html"])


@pytest.mark.parametrize(
    "url",
    [
        "http://testserver/timelines/no-such-timeline/",
        "http://testserver/events/no-such-event/",
        "http://testserver/",
        "http://testserver/admin/",
        "http://testserver/nowhere/",
        "https://elsewhere.example/timelines/{slug}/",
        "http://user@testserver/timelines/{slug}/",
    ],
)
def test_oembed_is_not_found_for_unknown_foreign_or_unembeddable_urls(client, story, url):
    response = oembed(client, url.format(slug=story["timeline"].slug))
    assert response.status_code == 404
    assert response.json()["error"]


def test_oembed_is_not_found_for_unpublished_timelines_and_events(client, story):
    hidden = make_timeline(story["raid"], is_published=False)
    for path in [hidden.get_absolute_url(), story["draft"].get_absolute_url()]:
        assert oembed(client, "http://testserver" + path).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"url": ""},
        {"url": "/timelines/x/"},
        {"url": "ftp://testserver/timelines/x/"},
        {"url": "not a url"},
        {"url": "http://[::1/timelines/x/"},
        {"url": "http://testserver/timelines/{slug}/", "maxwidth": "wide"},
        {"url": "http://testserver/timelines/{slug}/", "maxwidth": "0"},
        {"url": "http://testserver/timelines/{slug}/", "maxheight": "-5"},
        {"url": "http://testserver/timelines/{slug}/?type=picnic"},
    ],
)
def test_oembed_refuses_a_missing_or_malformed_request(client, story, params):
    params = {k: v.format(slug=story["timeline"].slug) for k, v in params.items()}
    response = client.get("/oembed/", params)
    assert response.status_code == 400
    assert response.json()["error"]


def test_oembed_does_not_offer_xml(client, story):
    url = "http://testserver" + story["timeline"].get_absolute_url()
    assert oembed(client, url, format="xml").status_code == 501
    assert oembed(client, url, format="json").status_code == 200


# --- Discovery and the share panel ----------------------------------------------------


def discovery_href(page: str) -> str:
    tag = re.search(r'<link [^>]*rel="alternate" type="application/json\+oembed"[^>]*>', page)
    assert tag, "no oEmbed discovery link"
    return html.unescape(re.search(r'href="([^"]*)"', tag.group()).group(1))


def test_timeline_page_advertises_oembed_for_its_filters(client, story):
    page = client.get(story["timeline"].get_absolute_url(), {"type": "raid", "size": "3"})
    href = discovery_href(page.content.decode())
    assert href.startswith("http://testserver/oembed/?")
    data = client.get(href).json()
    assert data["title"] == "ICE in Chicago"
    src = iframe_src(data["html"])
    assert src == f"http://testserver/embed/timelines/{story['timeline'].slug}/?type=raid"


def test_all_events_and_event_pages_advertise_oembed(client, story):
    data = client.get(discovery_href(client.get("/events/").content.decode())).json()
    assert data["title"] == "All events"
    event_page = client.get(story["raid"].get_absolute_url()).content.decode()
    data = client.get(discovery_href(event_page)).json()
    assert data["title"] == "Car wash raid"


def share_fields(page: str) -> dict[str, str]:
    link = re.search(r'<input id="share-link"[^>]* value="([^"]*)"', page)
    iframe = re.search(r'<textarea id="share-iframe"[^>]*>([^<]*)</textarea>', page)
    script = re.search(r'<textarea id="share-script"[^>]*>([^<]*)</textarea>', page)
    return {
        "link": html.unescape(link.group(1)),
        "iframe": html.unescape(iframe.group(1)),
        "script": html.unescape(script.group(1)),
    }


def test_share_panel_offers_link_iframe_and_script_for_the_filters_applied(client, story):
    slug = story["timeline"].slug
    page = client.get(story["timeline"].get_absolute_url(), {"type": ["raid", "arrest"]})
    fields = share_fields(page.content.decode())
    assert fields["link"] == f"http://testserver/timelines/{slug}/?type=raid&type=arrest"
    assert iframe_src(fields["iframe"]) == (
        f"http://testserver/embed/timelines/{slug}/?type=raid&type=arrest"
    )
    assert fields["script"] == (
        '<script src="http://testserver/static/js/embed.js" '
        f'data-timeline="{slug}" data-type="raid,arrest" async></script>'
    )
    assert '<label for="share-iframe">' in page.content.decode()


def test_share_code_cannot_break_out_of_its_textarea(client, story):
    timeline = make_timeline(story["raid"], title="</textarea><script>alert(1)</script>")
    page = client.get(timeline.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert 'title="&lt;/textarea&gt;&lt;script&gt;' in share_fields(page)["iframe"]


def test_filter_changes_bring_the_share_panel_up_to_date(client, story):
    response = client.get(story["timeline"].get_absolute_url(), {"type": "rally"}, **HTMX)
    page = response.content.decode()
    assert (
        '<section id="share" class="share" aria-labelledby="share-heading" hx-swap-oob="true">'
        in page
    )
    assert share_fields(page)["link"].endswith("?type=rally")
    # The full page renders the panel once, in place.
    full = client.get(story["timeline"].get_absolute_url(), {"type": "rally"}).content.decode()
    assert full.count('id="share"') == 1
    assert "hx-swap-oob" not in full.split('id="share"')[1].split(">")[0]


def test_share_panel_waits_for_filters_that_apply(client, story):
    response = client.get(story["timeline"].get_absolute_url(), {"type": "picnic"}, **HTMX)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="share"' in page
    assert "share-iframe" not in page
