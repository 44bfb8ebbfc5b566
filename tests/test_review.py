"""Reviewing an import in the admin: the article with its evidence marked, one row per
proposed event, and accept / edit / merge / reject for each, with HTMX (the row alone)
and without (a redirect back). Reporters accept drafts; only editors publish."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from tests.factories import make_actor, make_citation, make_count, make_event, make_place
from tests.processes import manage
from tests.test_admin import messages_on, run_action
from timeline.extraction import Candidate, CandidateCount, KnownPlace
from timeline.intake import store_proposals
from timeline.models import (
    Decision,
    EditorialStatus,
    Event,
    ExtractionRun,
    ProposedEvent,
    RunStatus,
    Source,
)
from timeline.tasks import extract_run

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "block-club-chicago-2025-06-16.txt"
PUBLISHED = dt.datetime(2025, 6, 16, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
RAID = "Federal agents raided a car wash in Little Village on Sunday, witnesses said."
RALLY = "Tens of thousands marched downtown at Saturday's No Kings rally, organizers said."
ARTICLE = f"CHICAGO — {RAID}\n\nMeanwhile, <b>crowds</b> & more: {RALLY}"


@pytest.fixture
def chicago(db):
    return make_place(name="Chicago", slug="chicago", time_zone="America/Chicago")


def candidate(evidence: str, **overrides) -> Candidate:
    start = ARTICLE.index(evidence)
    fields = {
        "title": "Agents raid Little Village car wash",
        "type": "raid",
        "status": "occurred",
        "date_text": "Sunday",
        "start": dt.date(2025, 6, 15),
        "end": dt.date(2025, 6, 15),
        "precision": "day",
        "evidence": evidence,
        "evidence_start": start,
        "evidence_end": start + len(evidence),
        "confidence": 0.8,
        "actors": ["ICE", "Brandon Johnson"],
        "counts": [CandidateCount("detained", 8, None, "at least 8", "at_least", "organizers")],
    } | overrides
    return Candidate(**fields)


def raid(**overrides) -> Candidate:
    place = KnownPlace(names=("Chicago",), parts=("Chicago", "IL"), kind="city", slug="chicago")
    return candidate(RAID, place=place, **overrides)


def rally(**overrides) -> Candidate:
    return candidate(
        RALLY,
        title="No Kings rally downtown",
        type="rally",
        date_text="Saturday",
        start=dt.date(2025, 6, 14),
        end=dt.date(2025, 6, 14),
        actors=[],
        counts=[CandidateCount("participants", 10_000, None, "tens of thousands", "about")],
        **overrides,
    )


def make_run(*candidates: Candidate, source: Source | None = None, **overrides) -> ExtractionRun:
    """A finished run proposing candidates, as the extraction task leaves it."""
    source = source or Source.objects.create(
        url="https://blockclubchicago.org/raid", outlet="Block Club Chicago", headline="Raid"
    )
    fields = {"text": ARTICLE, "published_at": PUBLISHED, "time_zone": "America/Chicago"}
    run = ExtractionRun.objects.create(source=source, **(fields | overrides))
    store_proposals(run=run, candidates=candidates)
    run.refresh_from_db()
    return run


def review_page(run: ExtractionRun) -> str:
    return reverse("admin:timeline_event_review", args=[run.pk])


def decide_url(proposal: ProposedEvent, decision: str) -> str:
    return reverse("admin:timeline_event_decide", args=[proposal.run_id, proposal.pk, decision])


def htmx_post(client, url, data=None):
    return client.post(url, data or {}, HTTP_HX_REQUEST="true")


def decision_of(proposal: ProposedEvent) -> str:
    proposal.refresh_from_db()
    return proposal.decision


def edit_data(proposal: ProposedEvent, **changes) -> dict:
    prefix = f"proposal-{proposal.pk}"
    data = {
        "title": proposal.candidate["title"],
        "event_type": proposal.event_type,
        "status": "occurred",
        "date_text": proposal.candidate["date_text"],
        "start": proposal.start.isoformat(),
        "end": proposal.end.isoformat(),
        "precision": "2",
        "place": "",
        "actors": ", ".join(proposal.candidate["actors"]),
    } | changes
    return {f"{prefix}-{name}": value for name, value in data.items()}


# --- The page -------------------------------------------------------------------------


def test_review_shows_the_article_with_evidence_marked_and_escaped(editor_client, chicago):
    run = make_run(raid(), rally())
    raid_proposal, rally_proposal = run.proposals.all()

    page = editor_client.get(review_page(run)).content.decode()

    assert f'<mark id="evidence-{raid_proposal.pk}">{RAID}</mark>' in page
    assert f'<mark id="evidence-{rally_proposal.pk}">' in page
    assert "&lt;b&gt;crowds&lt;/b&gt; &amp; more" in page  # the article's text, never markup
    assert "<b>crowds</b>" not in page


def test_each_row_shows_what_the_event_would_be(editor_client, chicago):
    event = make_event(
        title="Car wash raid", type="raid", start=dt.date(2025, 6, 15), place=chicago
    )
    run = make_run(raid(date_text="Sunday night", time_of_day="night"))
    proposal = run.proposals.get()

    response = editor_client.get(review_page(run))
    page = response.content.decode()
    [row] = response.context["rows"]

    assert row.place == chicago
    assert row.duplicates == [event]
    assert "Sunday night, June 15, 2025" in page  # as it will display
    assert "(“Sunday night”)" in page
    assert "ICE, Brandon Johnson" in page
    assert "at least 8 detained (organizers’ estimate)" in page
    assert decide_url(proposal, "merge") in page
    assert f'href="#evidence-{proposal.pk}"' in page


INHERITED = "Date inherited from the sentence before — check it"


def badges(page: str) -> list[str]:
    """The badges on the page, as their words."""
    return re.findall(r'<(?:span|strong) class="badge [^"]*">([^<]*)<', page)


def test_a_date_inherited_from_the_sentence_before_is_flagged_beside_it(editor_client):
    run = make_run(raid(inherited=True, date_text="that day"), rally())
    inherited, plain = run.proposals.order_by("position")

    page = editor_client.get(review_page(run)).content.decode()

    assert inherited.candidate["date_inherited"] is True
    assert badges(page) == [INHERITED]
    row = section(page, inherited)
    assert f'June 15, 2025 (“that day”) <strong class="badge badge-inherited">{INHERITED}' in row
    assert INHERITED not in section(page, plain)


def test_an_event_that_has_not_happened_is_flagged_with_its_status(editor_client):
    run = make_run(
        rally(status="planned"),
        raid(status="expected"),
        raid(type="arrest", title="Arrests go on", status="ongoing"),
        raid(type="order", title="Hearing set", status="scheduled"),
        candidate(RAID, type="statement", title="Agents say the raid is over"),
    )

    page = editor_client.get(review_page(run)).content.decode()

    assert badges(page) == [
        "Status: planned",
        "Status: expected",
        "Status: ongoing",
        "Status: scheduled",
    ]
    held = run.proposals.get(position=4)
    assert "badge" not in section(page, held)


def test_badges_stay_on_a_row_after_its_decision(editor_client):
    run = make_run(rally(status="planned", inherited=True))
    proposal = run.proposals.get()

    row = htmx_post(editor_client, decide_url(proposal, "reject")).content.decode()

    assert badges(row) == ["Status: planned", INHERITED]


def test_the_badges_are_styled_from_a_stylesheet_the_csp_allows(editor_client):
    run = make_run(rally(status="planned"))

    response = editor_client.get(review_page(run))
    page = response.content.decode()

    assert 'href="/static/css/review.css"' in page
    assert "style=" not in page
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    stylesheet = Path(finders.find("css/review.css")).read_text(encoding="utf-8")
    assert ".badge-inherited" in stylesheet
    assert ".badge-status" in stylesheet


def test_other_tellings_of_an_event_are_shown_and_cited_when_it_is_accepted(editor_client):
    retold = "Saturday’s march drew 10,000, police said."
    run = make_run(rally(also_told=[retold, "<b>Tens</b> of thousands rallied Saturday."]))
    proposal = run.proposals.get()

    page = editor_client.get(review_page(run)).content.decode()
    htmx_post(editor_client, decide_url(proposal, "accept"))

    row = section(page, proposal)
    assert "Also told in" in row
    assert f"<li>{retold}</li>" in row
    assert "&lt;b&gt;Tens&lt;/b&gt;" in row
    event = Event.objects.get(title=proposal.candidate["title"])
    assert list(event.citations.values_list("quote", flat=True)) == [
        RALLY,
        retold,
        "<b>Tens</b> of thousands rallied Saturday.",
    ]


def test_a_proposal_told_once_shows_no_other_tellings(editor_client):
    run = make_run(raid())

    page = editor_client.get(review_page(run)).content.decode()

    assert "Also told in" not in page


def section(page: str, proposal: ProposedEvent) -> str:
    """The proposal's row on the page."""
    start = page.index(f'<section id="proposal-{proposal.pk}"')
    return page[start : page.index("</section>", start)]


def test_rows_accept_edit_reject_work_without_javascript(editor_client, chicago):
    run = make_run(raid())
    proposal = run.proposals.get()
    page = editor_client.get(review_page(run)).content.decode()

    # Plain forms: each button names its own action, and the form posts without htmx.
    for decision in ["accept", "edit", "reject"]:
        assert f'formaction="{decide_url(proposal, decision)}"' in page
    assert f'action="{decide_url(proposal, "edit")}"' in page
    assert 'hx-headers=\'{"X-CSRFToken"' in page


def test_admin_pages_load_htmx_with_the_csp_nonce(editor_client):
    response = editor_client.get(reverse("admin:index"))
    nonce = response.context["csp_nonce"]
    script = re.search(r'<script src="[^"]*htmx[^"]*"[^>]*>', response.content.decode())
    assert script is not None
    assert f'nonce="{nonce}"' in script.group()
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


# --- Accept -----------------------------------------------------------------------------


def test_accept_with_htmx_creates_a_draft_and_returns_only_its_row(editor_client, editor, chicago):
    ice = make_actor(name="ICE", kind="agency")
    run = make_run(raid())
    proposal = run.proposals.get()

    response = htmx_post(editor_client, decide_url(proposal, "accept"))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith(f'<section id="proposal-{proposal.pk}"')
    assert "<html" not in page
    assert "Accepted “Agents raid Little Village car wash” as a draft." in page

    event = Event.objects.get()
    assert event.title == "Agents raid Little Village car wash"
    assert event.event_type.slug == "raid"
    assert event.editorial_status == EditorialStatus.DRAFT
    assert (event.start, event.end, event.date_text) == (
        dt.date(2025, 6, 15),
        dt.date(2025, 6, 15),
        "Sunday",
    )
    assert event.anchor == dt.date(2025, 6, 16)
    assert event.place == chicago
    assert event.time_zone == "America/Chicago"
    assert event.created_by == editor
    citation = event.citations.get()
    assert (citation.source, citation.quote) == (run.source, RAID)
    count = event.counts.get()
    assert (count.measure, count.low, count.words, count.source) == (
        "detained",
        8,
        "at least 8",
        run.source,
    )
    assert {role.actor.name for role in event.actor_roles.all()} == {"ICE", "Brandon Johnson"}
    assert event.actor_roles.get(actor__name="ICE").actor == ice  # found, not duplicated
    assert decision_of(proposal) == Decision.ACCEPTED
    proposal.refresh_from_db()
    assert (proposal.event, proposal.decided_by) == (event, editor)


def test_accepted_event_keeps_history_with_who_imported_it(editor_client, editor, chicago):
    run = make_run(raid())
    htmx_post(editor_client, decide_url(run.proposals.get(), "accept"))

    event = Event.objects.get()
    [version] = Version.objects.get_for_object(event)
    assert version.revision.user == editor
    assert "Imported from Block Club Chicago" in version.revision.get_comment()


def test_accept_without_htmx_redirects_back_to_the_row(editor_client, chicago):
    run = make_run(raid())
    proposal = run.proposals.get()

    response = editor_client.post(decide_url(proposal, "accept"))

    assert response.status_code == 302
    assert response["Location"] == f"{review_page(run)}#proposal-{proposal.pk}"
    assert Event.objects.get().editorial_status == EditorialStatus.DRAFT
    page = editor_client.get(response["Location"])
    assert messages_on(page) == ["Accepted “Agents raid Little Village car wash” as a draft."]
    assert "Accepted" in page.content.decode()


def test_a_decided_proposal_cannot_be_accepted_twice(editor_client, chicago):
    run = make_run(raid())
    proposal = run.proposals.get()
    htmx_post(editor_client, decide_url(proposal, "accept"))

    response = htmx_post(editor_client, decide_url(proposal, "accept"))

    assert response.status_code == 400
    assert "already been decided" in response.content.decode()
    assert Event.objects.count() == 1


# --- Edit, then accept ------------------------------------------------------------------


def test_edit_then_accept_with_htmx_uses_the_edits(editor_client, chicago):
    run = make_run(raid())
    proposal = run.proposals.get()
    data = edit_data(
        proposal,
        title="ICE raids Little Village car wash",
        event_type="arrest",
        start="2025-06-14",
        precision="3",
        place=str(chicago.pk),
        actors="ICE, Little Village residents",
    )

    response = htmx_post(editor_client, decide_url(proposal, "edit"), data)

    assert response.status_code == 200
    assert "as edited" in response.content.decode()
    event = Event.objects.get()
    assert event.title == "ICE raids Little Village car wash"
    assert event.event_type.slug == "arrest"
    assert (event.start, event.end, event.precision) == (
        dt.date(2025, 6, 14),
        dt.date(2025, 6, 15),
        3,
    )
    assert {role.actor.name for role in event.actor_roles.all()} == {
        "ICE",
        "Little Village residents",
    }
    assert event.citations.get().quote == RAID
    assert decision_of(proposal) == Decision.EDITED


def test_edit_with_a_bad_date_range_shows_the_error_in_the_row(editor_client, chicago):
    run = make_run(raid())
    proposal = run.proposals.get()
    data = edit_data(proposal, start="2025-06-15", end="2025-06-10")

    response = htmx_post(editor_client, decide_url(proposal, "edit"), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert page.lstrip().startswith(f'<section id="proposal-{proposal.pk}"')
    assert "The end date cannot be before the start date." in page
    assert not Event.objects.exists()
    assert decision_of(proposal) == Decision.PENDING


def test_edit_with_errors_without_htmx_shows_the_page_with_the_form_as_typed(editor_client):
    run = make_run(raid())
    proposal = run.proposals.get()
    data = edit_data(proposal, title="", start="2025-06-15")

    response = editor_client.post(decide_url(proposal, "edit"), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "<html" in page
    assert "This field is required." in page
    assert not Event.objects.exists()


def test_edit_without_changes_counts_as_accepted(editor_client):
    run = make_run(raid())
    proposal = run.proposals.get()
    editor_client.post(decide_url(proposal, "edit"), edit_data(proposal))
    assert decision_of(proposal) == Decision.ACCEPTED


# --- Merge --------------------------------------------------------------------------------


@pytest.fixture
def existing_raid(chicago):
    event = make_event(
        title="Car wash raid", type="raid", start=dt.date(2025, 6, 15), place=chicago
    )
    make_citation(event, quote="Agents swept a car wash.")
    make_count(event, measure="arrested", low=3)
    return event


def test_merge_with_htmx_adds_the_citation_and_counts_instead_of_a_duplicate(
    editor_client, editor, existing_raid
):
    run = make_run(raid())
    proposal = run.proposals.get()

    response = htmx_post(editor_client, decide_url(proposal, "merge"), {"event": existing_raid.pk})

    assert response.status_code == 200
    assert "Added the citation to “Car wash raid”." in response.content.decode()
    assert Event.objects.get() == existing_raid  # no duplicate
    assert [c.quote for c in existing_raid.citations.all()] == ["Agents swept a car wash.", RAID]
    assert [(c.measure, c.low) for c in existing_raid.counts.all()] == [
        ("arrested", 3),
        ("detained", 8),
    ]
    proposal.refresh_from_db()
    assert (proposal.decision, proposal.event) == (Decision.MERGED, existing_raid)
    [version] = Version.objects.get_for_object(existing_raid)
    assert version.revision.user == editor


def test_merge_without_htmx_redirects_back(editor_client, existing_raid):
    run = make_run(raid())
    proposal = run.proposals.get()

    response = editor_client.post(decide_url(proposal, "merge"), {"event": existing_raid.pk})

    assert response.status_code == 302
    assert response["Location"].endswith(f"#proposal-{proposal.pk}")
    assert decision_of(proposal) == Decision.MERGED


def test_merge_into_a_trashed_event_is_refused(editor_client, editor, existing_raid):
    existing_raid.trash(by=editor)
    run = make_run(raid())
    proposal = run.proposals.get()

    response = htmx_post(editor_client, decide_url(proposal, "merge"), {"event": existing_raid.pk})

    assert response.status_code == 400
    assert "Choose one of the suggested events" in response.content.decode()
    assert decision_of(proposal) == Decision.PENDING


# --- Reject ---------------------------------------------------------------------------------


def test_reject_with_htmx_returns_the_row_marked_rejected(editor_client):
    run = make_run(raid())
    proposal = run.proposals.get()

    response = htmx_post(editor_client, decide_url(proposal, "reject"))

    assert response.status_code == 200
    assert 'data-decision="rejected"' in response.content.decode()
    assert decision_of(proposal) == Decision.REJECTED
    assert not Event.objects.exists()


def test_reject_without_htmx_redirects_back(editor_client):
    run = make_run(raid())
    proposal = run.proposals.get()

    response = editor_client.post(decide_url(proposal, "reject"), follow=True)

    assert messages_on(response) == ["Rejected the proposal."]
    assert decision_of(proposal) == Decision.REJECTED


def test_an_unknown_decision_is_not_found(editor_client):
    proposal = make_run(raid()).proposals.get()
    assert editor_client.post(decide_url(proposal, "publish")).status_code == 404


def test_decisions_need_a_post(editor_client):
    proposal = make_run(raid()).proposals.get()
    assert editor_client.get(decide_url(proposal, "accept")).status_code == 405


# --- Re-imports ------------------------------------------------------------------------------


def test_a_reimport_does_not_propose_the_same_events_again(db):
    first = make_run(raid(), rally())
    first.proposals.filter(event_type="rally").update(
        decision=Decision.REJECTED, decided_at=PUBLISHED
    )
    new_arrest = raid(type="arrest", title="Eight detained at car wash")

    second = make_run(raid(), rally(), new_arrest, source=first.source)

    assert [p.event_type for p in second.proposals.all()] == ["arrest"]
    assert second.skipped == 2


def test_reimporting_an_article_over_http_proposes_nothing_twice(editor_client):
    data = {
        "text": SEED.read_text(encoding="utf-8"),
        "url": "https://blockclubchicago.org/2025/06/16/trump-orders-deportations",
        "outlet": "Block Club Chicago",
        "headline": "Trump orders more deportations",
        "published_date": "2025-06-16",
        "time_zone": "America/Chicago",
    }
    import_page = reverse("admin:timeline_event_import")
    editor_client.post(import_page, data)
    response = editor_client.post(import_page, data, follow=True)

    first, second = ExtractionRun.objects.order_by("pk")
    assert first.proposals.count() >= 1
    assert second.proposals.count() == 0
    assert second.skipped == first.proposals.count()
    assert "not proposed again" in response.content.decode()


# --- Reporters ---------------------------------------------------------------------------------


def test_reporter_can_import_and_accept_a_draft_but_not_publish(reporter_client, reporter):
    imported = reporter_client.post(
        reverse("admin:timeline_event_import"),
        {
            "text": ARTICLE,
            "url": "https://blockclubchicago.org/raid",
            "outlet": "Block Club Chicago",
            "headline": "Raid",
            "published_date": "2025-06-16",
            "time_zone": "America/Chicago",
        },
    )
    assert imported.status_code == 302
    assert ExtractionRun.objects.get().created_by == reporter
    run = make_run(raid(), source=Source.objects.get())
    proposal = run.proposals.get()

    response = reporter_client.post(decide_url(proposal, "accept"), follow=True)

    assert messages_on(response) == ["Accepted “Agents raid Little Village car wash” as a draft."]
    event = Event.objects.get()
    assert event.editorial_status == EditorialStatus.DRAFT
    assert event.created_by == reporter
    refused = run_action(reporter_client, "publish", event)
    assert messages_on(refused) == ["No action selected."]
    event.refresh_from_db()
    assert event.editorial_status == EditorialStatus.DRAFT


def test_reporter_cannot_merge_into_a_published_event(reporter_client, existing_raid):
    run = make_run(raid())
    proposal = run.proposals.get()

    response = htmx_post(
        reporter_client, decide_url(proposal, "merge"), {"event": existing_raid.pk}
    )

    assert response.status_code == 400
    assert "Only editors can add to a published event." in response.content.decode()
    assert existing_raid.citations.count() == 1
    assert decision_of(proposal) == Decision.PENDING


def test_staff_without_add_event_cannot_review(client, django_user_model):
    run = make_run(raid())
    user = django_user_model.objects.create_user(username="intern", is_staff=True)
    client.force_login(user)
    assert client.get(review_page(run)).status_code == 403
    assert client.post(decide_url(run.proposals.get(), "accept")).status_code == 403
    assert not Event.objects.exists()


# --- Runs: polling, failures, counts ------------------------------------------------------------


def test_a_pending_run_polls_until_it_is_done(editor_client):
    source = Source.objects.create(url="https://example.org/a", outlet="Example", headline="A")
    run = ExtractionRun.objects.create(
        source=source, text=ARTICLE, published_at=PUBLISHED, time_zone="America/Chicago"
    )

    page = editor_client.get(review_page(run)).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "Extracting events: waiting to start." in page

    poll = editor_client.get(review_page(run), HTTP_HX_REQUEST="true")
    assert poll.content.decode().lstrip().startswith('<div id="run"')
    assert "HX-Request" in poll["Vary"]

    store_proposals(run=run, candidates=[raid()])
    done = editor_client.get(review_page(run), HTTP_HX_REQUEST="true").content.decode()
    assert "every 2s" not in done
    assert "1 proposed" in done


def test_a_failed_extraction_says_why(editor_client, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("the article could not be split into sentences")

    monkeypatch.setattr("timeline.tasks.extract", broken)
    source = Source.objects.create(url="https://example.org/a", outlet="Example", headline="A")
    run = ExtractionRun.objects.create(
        source=source, text=ARTICLE, published_at=PUBLISHED, time_zone="America/Chicago"
    )

    extract_run.enqueue(run.pk)

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    page = editor_client.get(review_page(run)).content.decode()
    assert "The extraction failed: ValueError: the article could not be split" in page
    assert "every 2s" not in page


# The worker commits and closes connections as a real one does, so this test runs outside
# the usual test transaction; serialized rollback restores the seeded groups and types.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_database_backend_a_worker_runs_the_extraction(editor_client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    source = Source.objects.create(url="https://example.org/a", outlet="Example", headline="A")
    run = ExtractionRun.objects.create(
        source=source,
        text=SEED.read_text(encoding="utf-8"),
        published_at=PUBLISHED,
        time_zone="America/Chicago",
    )

    extract_run.enqueue(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.PENDING
    assert 'hx-trigger="every 2s"' in editor_client.get(review_page(run)).content.decode()

    call_command("db_worker", batch=True, interval=0, verbosity=0)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error


def test_a_bad_tasks_backend_stops_start_up():
    result = manage("check", TASKS_BACKEND="celery")
    assert result.returncode != 0
    assert "TASKS_BACKEND must be immediate or database" in result.stderr


def test_run_counts_are_readable_after_review(editor_client, chicago):
    run = make_run(raid(), rally(), raid(type="arrest", title="Eight detained"))
    accept, reject, edit = run.proposals.order_by("position")
    htmx_post(editor_client, decide_url(accept, "accept"))
    htmx_post(editor_client, decide_url(reject, "reject"))
    htmx_post(editor_client, decide_url(edit, "edit"), edit_data(edit, title="Eight held"))

    counted = ExtractionRun.objects.with_counts().get(pk=run.pk)
    assert (counted.proposed_count, counted.accepted_count, counted.edited_count) == (3, 1, 1)
    assert (counted.rejected_count, counted.merged_count, counted.pending_count) == (1, 0, 0)
    assert run.decision_counts() == {
        "pending": 0,
        "accepted": 1,
        "edited": 1,
        "merged": 0,
        "rejected": 1,
    }
    page = editor_client.get(review_page(run)).content.decode()
    assert "3 proposed: 1 accepted, 1 edited, 0 merged, 1 rejected, 0 to review." in page
    imports = editor_client.get(reverse("admin:timeline_event_import")).content.decode()
    assert "3 proposed, 1 accepted, 1 edited, 0 merged, 1 rejected, 0 to review." in imports


def test_review_page_cost_does_not_grow_with_decided_rows(
    editor_client, chicago, django_assert_max_num_queries
):
    candidates = [
        raid(title=f"Raid {n}", start=dt.date(2025, 6, n), end=dt.date(2025, 6, n))
        for n in range(1, 13)
    ]
    run = make_run(*candidates)
    run.proposals.update(decision=Decision.REJECTED, decided_at=PUBLISHED)
    pending = run.proposals.first()
    pending.decision, pending.decided_at = Decision.PENDING, None
    pending.save()

    with django_assert_max_num_queries(13):  # 11 today: each pending row costs 2
        response = editor_client.get(review_page(run))
    assert len(response.context["rows"]) == 12
