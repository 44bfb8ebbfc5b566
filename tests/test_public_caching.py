"""The timeline, all-events and event pages are cached like the embeds, for every reader.

One rendered copy per data version, address and HTMX target serves every reader, so the
copy must hold nothing about whoever's request made it: no CSRF token, no nonce, no
request id, nothing of a signed-in editor.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from config import urls as site_urls
from tests.factories import make_citation, make_event, make_timeline, make_user
from timeline import browse
from timeline.caching import public_cache
from timeline.models import EditorialStatus

pytestmark = pytest.mark.django_db

HTMX_RESULTS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}


@pytest.fixture
def story() -> dict:
    rally = make_event(title="No Kings rally", type="rally", start=dt.date(2025, 6, 14))
    raid = make_event(title="Car wash raid", type="raid", start=dt.date(2025, 6, 10))
    make_citation(raid, quote="Agents arrived at 9 a.m.")
    draft = make_event(
        title="Courthouse arrest",
        type="arrest",
        start=dt.date(2025, 6, 12),
        editorial_status=EditorialStatus.IN_REVIEW,
    )
    timeline = make_timeline(rally, raid, draft, title="ICE in Chicago")
    return {"timeline": timeline, "rally": rally, "raid": raid, "draft": draft}


def pages(story) -> dict[str, tuple[str, dict[str, str]]]:
    """Each cached public page: name -> (address, extra request headers)."""
    timeline = story["timeline"].get_absolute_url()
    return {
        "timeline page": (timeline, {}),
        "filtered timeline": (f"{timeline}?type=raid", {}),
        "results fragment": (f"{timeline}?type=raid", HTMX_RESULTS),
        "all events": ("/events/", {}),
        "event page": (story["raid"].get_absolute_url(), {}),
    }


def test_a_warm_repeat_of_each_page_makes_no_query(client, story, django_assert_num_queries):
    for name, (address, extra) in pages(story).items():
        first = client.get(address, **extra)
        assert first.status_code == 200, name
        with django_assert_num_queries(0):
            again = client.get(address, **extra)
            not_modified = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"], **extra)
        assert again.content == first.content, name
        assert again["ETag"] == first["ETag"], name
        assert not_modified.status_code == 304, name
        assert not_modified.content == b"", name


def test_pages_tell_a_cdn_to_keep_them_and_revalidate(client, story):
    for name, (address, extra) in pages(story).items():
        for attempt in ("made", "from the cache"):
            response = client.get(address, **extra)
            where = (name, attempt)
            cache_control = response["Cache-Control"]
            assert cache_control.startswith("public, "), where
            assert "s-maxage=300" in cache_control, where
            assert "stale-while-revalidate=600" in cache_control, where
            assert response["ETag"].startswith('"v'), where
            assert response["Last-Modified"].endswith(" GMT"), where
            assert "HX-Request" in response["Vary"], where
            assert "Cookie" not in response["Vary"], where


def test_a_request_since_the_last_change_is_not_modified(client, story):
    address = story["timeline"].get_absolute_url()
    first = client.get(address)
    response = client.get(address, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert response.status_code == 304
    assert response["ETag"] == first["ETag"]


def test_the_htmx_fragment_and_the_full_page_are_cached_apart(client, story):
    address = f"{story['timeline'].get_absolute_url()}?type=raid"
    page = client.get(address)
    fragment = client.get(address, **HTMX_RESULTS)
    assert page["ETag"] != fragment["ETag"]
    # Each from the cache now, still the right one.
    assert "<html" in client.get(address).content.decode()
    fragment_again = client.get(address, **HTMX_RESULTS).content.decode()
    assert "<html" not in fragment_again
    assert 'id="count"' in fragment_again
    # A browser holding the page's tag does not get a 304 for the fragment.
    assert client.get(address, HTTP_IF_NONE_MATCH=page["ETag"], **HTMX_RESULTS).status_code == 200


def test_publishing_an_event_brings_it_to_every_cached_page(client, story):
    timeline = story["timeline"].get_absolute_url()
    addresses = [timeline, "/events/", f"{timeline}?type=arrest"]
    before = {address: client.get(address) for address in addresses}
    for address, response in before.items():
        assert "Courthouse arrest" not in response.content.decode(), address

    story["draft"].publish(by=make_user(role="Editor", username="publisher"))

    for address, response in before.items():
        after = client.get(address, HTTP_IF_NONE_MATCH=response["ETag"])
        assert after.status_code == 200, address
        assert "Courthouse arrest" in after.content.decode(), address
        assert after["ETag"] != response["ETag"], address


def test_a_corrected_event_page_shows_the_correction(client, story):
    raid = story["raid"]
    assert "Car wash raid" in client.get(raid.get_absolute_url()).content.decode()
    raid.title = "Car wash and tire shop raid"
    raid.save()
    assert "Car wash and tire shop raid" in client.get(raid.get_absolute_url()).content.decode()


def test_two_anonymous_readers_get_the_same_bytes(story):
    for name, (address, extra) in pages(story).items():
        first, second = Client(), Client()
        made = first.get(address, **extra)
        served = second.get(address, **extra)
        assert made.content == served.content, name
        # And a fresh render (nothing cached) is the same bytes too.
        cache.clear()
        assert Client().get(address, **extra).content == made.content, name


def test_a_cached_page_carries_no_per_request_token(client, story):
    for name, (address, extra) in pages(story).items():
        for attempt in ("made", "from the cache"):
            response = client.get(address, **extra)
            page = response.content.decode()
            where = (name, attempt)
            assert "nonce" not in page, where
            assert "csrfmiddlewaretoken" not in page, where
            assert response["X-Request-ID"] not in page, where
            assert not response.cookies, where


def test_a_page_cached_for_a_signed_in_editor_shows_an_anonymous_reader_nothing_of_theirs(
    story, editor, django_assert_num_queries
):
    signed_in = Client()
    signed_in.force_login(editor)
    for name, (address, extra) in pages(story).items():
        theirs = signed_in.get(address, **extra)
        assert theirs.status_code == 200, name
        with django_assert_num_queries(0):  # the editor's render was stored: it is anyone's
            reader = Client().get(address, **extra)
        page = reader.content.decode()
        assert reader.content == theirs.content, name
        assert editor.username not in page, name
        assert "csrfmiddlewaretoken" not in page, name
        assert "/admin/" not in page, name
        assert not reader.cookies, name
        assert "Cookie" not in reader["Vary"], name


def test_a_page_cached_for_an_anonymous_reader_shows_a_signed_in_editor_the_same_page(
    story, editor
):
    for name, (address, extra) in pages(story).items():
        reader = Client().get(address, **extra)
        signed_in = Client()
        signed_in.force_login(editor)
        theirs = signed_in.get(address, **extra)
        assert theirs.status_code == 200, name
        assert theirs.content == reader.content, name
        # Published events only, for editors as for everyone: the draft is the admin's.
        assert "Courthouse arrest" not in theirs.content.decode(), name
        assert not theirs.cookies, name


def test_a_signed_in_editor_revalidates_every_time_and_sees_what_they_just_published(
    client, story, editor, django_assert_num_queries
):
    client.force_login(editor)
    address = story["timeline"].get_absolute_url()
    first = client.get(address)
    assert first["Cache-Control"] == "private, no-cache"
    with django_assert_num_queries(0):
        assert client.get(address, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    story["draft"].publish(by=editor)

    after = client.get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert "Courthouse arrest" in after.content.decode()
    # Anonymous readers' copies are still public.
    assert Client().get(address)["Cache-Control"].startswith("public, ")


# --- The guard: a page that looks at its reader is never stored -------------------------


@public_cache(max_age=60)
def greeting(request: HttpRequest) -> HttpResponse:
    """A page a careless template might make: it names who is signed in."""
    name = request.user.username if request.user.is_authenticated else "reader"
    return HttpResponse(f"Hello, {name}")


# config.urls's own list: its i18n_patterns may not sit inside an include().
urlpatterns = [path("greeting/", greeting), *site_urls.urlpatterns]


@pytest.mark.urls(__name__)
def test_a_page_that_names_its_reader_is_neither_stored_nor_public(editor):
    signed_in = Client()
    signed_in.force_login(editor)
    theirs = signed_in.get("/greeting/")
    assert theirs.content == b"Hello, editor"
    assert "public" not in theirs["Cache-Control"]
    assert "private" in theirs["Cache-Control"]
    reader = Client().get("/greeting/")
    assert reader.content == b"Hello, reader"
    assert "public" not in reader["Cache-Control"]
    assert signed_in.get("/greeting/").content == b"Hello, editor"


def test_an_emptied_cache_starts_a_version_never_used_so_no_kept_copy_comes_back():
    version = browse.data_version()
    key = f"dateline.test.{version}"
    assert browse.kept(key, lambda: "before") == "before"
    assert browse.kept(key, lambda: "never computed") == "before"  # this process's copy
    cache.clear()  # Redis restarted, say: the version is gone with everything else
    assert browse.data_version() != version
    assert browse.kept(f"dateline.test.{browse.data_version()}", lambda: "after") == "after"


def test_a_process_keeps_its_recent_copies_and_lets_the_least_used_go_first():
    recent = browse.Recent(2)
    recent.set_many({"a": 1, "b": 2})
    assert recent.get_many(["a", "missing"]) == {"a": 1}  # "a" is now the most recent
    recent.set_many({"c": 3})
    assert recent.get_many(["a", "b", "c"]) == {"a": 1, "c": 3}


def test_a_public_answer_reads_the_data_version_once(client, monkeypatch):
    timeline = make_timeline(make_event(title="Rally at the plaza"))
    reads = []
    original = cache.get

    def counted(key, *args, **kwargs):
        if key == browse.VERSION_KEY:
            reads.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counted)
    assert client.get(timeline.get_absolute_url(), {"type": "rally"}).status_code == 200
    # Read on entering (with changed_at, in one get_many), then pinned for the whole answer:
    # the axis, counts, cards and page cache no longer ask for it each.
    assert len(reads) == 1
