"""Hand-offs in learning from a case: who may be put on a need-to-know panel (and that they
are asked about and told), returns that stop being chased once the review moves on, deciding
without returns said out loud, a practice review commissioned from the decision, a late copy
explained, returns pulled into the panel's record, and the plan that carries what it answers
to a chair who may not open the review."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Deadline, Notification
from core.services import DomainError
from reviews.models import AgencyReturn, PracticeReview, RapidReview
from reviews.selectors import rapid as rapid_reads
from reviews.services import learning, practice, rapid
from subgroups.services import plans as plan_services
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import form_errors, post_edit

pytestmark = pytest.mark.django_db


def _decide(business, review, **extra):
    return rapid.rapid_review_decide(
        acting_user=business,
        rapid_review=review,
        decision=RapidReview.Decision.LCSPR,
        decision_reasons="The criteria for a local review are met",
        decided_on=timezone.localdate(),
        **extra,
    )


# The panel picker ---------------------------------------------------------------------------------


def test_only_people_with_a_role_can_sit_on_a_panel(rapid_review, business, chair, outsider, client_for):
    with pytest.raises(DomainError, match="only people with a partnership role"):
        rapid.panel_set(acting_user=business, rapid_review=rapid_review, chair=chair, members=[outsider])
    client = client_for(business)
    url = reverse("reviews:rapid-review-panel", args=[rapid_review.pk])
    page = client.get(url)
    members = page.context["form"].fields["members"]
    assert outsider not in members.queryset and chair in members.queryset
    html = page.content.decode()
    assert "Chris Chair (Testshire County Council; Partnership member)" in html
    assert 'data-module="app-picker"' in html and "Search people" in html
    response = post_edit(client, url, {"chair": chair.pk, "members": [outsider.pk], "confirm_need_to_know": "on"})
    assert "members" in form_errors(response)


def test_adding_someone_to_a_panel_is_confirmed_and_they_are_told(rapid_review, business, chair, member, client_for):
    client = client_for(business)
    url = reverse("reviews:rapid-review-panel", args=[rapid_review.pk])
    response = post_edit(client, url, {"chair": chair.pk, "members": [member.pk]})
    [error] = form_errors(response)["confirm_need_to_know"]
    assert "Mo Member (Testshire Hospitals NHS Trust; Partnership member)" in error
    assert rapid_reads.panel_of(rapid_review)["members"] == []
    response = post_edit(client, url, {"chair": chair.pk, "members": [member.pk], "confirm_need_to_know": "on"})
    assert response.status_code == 302
    told = Notification.objects.get(recipient=member, title__startswith="You are on the panel")
    assert told.subject == rapid_review
    # Keeping the same people needs no confirmation.
    assert post_edit(client, url, {"chair": chair.pk, "members": [member.pk]}).status_code == 302


def test_the_picker_searches_on_the_server_without_saving(rapid_review, business, chair, member, client_for):
    client = client_for(business)
    url = reverse("reviews:rapid-review-panel", args=[rapid_review.pk])
    page = client.get(url)
    response = client.post(
        url,
        {
            "chair": chair.pk,
            "members": [],
            "members__q": "hospitals",
            "_picker_search": "members",
            "_snapshot": page.context["form"].initial.get("_snapshot", ""),
        },
    )
    assert response.status_code == 200 and not response.context["form"].errors
    offered = list(response.context["form"].fields["members"].queryset)
    assert member in offered and chair not in offered
    assert "Showing people matching “hospitals”" in response.content.decode()
    assert rapid_reads.panel_of(rapid_review)["members"] == []


def test_the_incident_form_picks_agencies_by_name_and_kind(business, client_for, agency, practice_group):
    page = client_for(business).get(reverse("reviews:incident-create"))
    html = page.content.decode()
    assert "Testshire Hospitals NHS Trust (" in html and "Search organisations" in html


# Returns that stop being chased ----------------------------------------------------------------------


def test_deciding_with_returns_outstanding_is_confirmed_and_closes_them(
    rapid_review, business, agency, agency_lead, client_for
):
    other = OrganisationFactory(name="Testshire Police")
    [mine, theirs] = sorted(
        rapid.returns_request(acting_user=business, rapid_review=rapid_review, organisations=[agency, other]),
        key=lambda r: r.organisation.name,
    )
    rapid.return_submit(acting_user=business, agency_return=theirs, chronology="c", analysis="a")
    with pytest.raises(DomainError, match="Testshire Hospitals NHS Trust"):
        _decide(business, rapid_review)
    client = client_for(business)
    url = reverse("reviews:rapid-review-decide", args=[rapid_review.pk])
    page = client.get(url).content.decode()
    assert "Still awaited from: Testshire Hospitals NHS Trust" in page
    response = post_edit(
        client,
        url,
        {"decision": "lcspr", "decision_reasons": "Met", **_today("decided_on")},
    )
    assert "Testshire Hospitals NHS Trust" in form_errors(response)["decide_without_returns"][0]
    response = post_edit(
        client,
        url,
        {"decision": "lcspr", "decision_reasons": "Met", "decide_without_returns": "on", **_today("decided_on")},
    )
    assert response.status_code == 302
    deadline = Deadline.objects.for_subject(mine).get()
    assert deadline.status == Deadline.Status.CANCELLED and "without this return" in deadline.status_reason
    told = Notification.objects.get(recipient=agency_lead, title__contains="no longer needed")
    assert told.subject == mine
    assert "without the returns from Testshire Hospitals NHS Trust" in (
        rapid_review.history.first().history_change_reason
    )
    from reviews.selectors.mywork import returns_owed

    assert returns_owed(agency_lead) == []


def test_sending_the_review_and_the_panels_answer_close_what_it_owns(rapid_review, business, agency):
    [agency_return] = rapid.returns_request(acting_user=business, rapid_review=rapid_review, organisations=[agency])
    _decide(business, rapid_review, decide_without_returns=True)
    rapid_review.refresh_from_db()
    rapid.rapid_review_send(acting_user=business, rapid_review=rapid_review, sent_on=timezone.localdate())
    rapid.panel_response_record(
        acting_user=business,
        rapid_review=rapid_review,
        panel_response="agrees",
        panel_response_on=timezone.localdate(),
    )
    live = Deadline.objects.filter(status__in=Deadline.LIVE_STATUSES)
    assert not [d for d in live if d.subject in (rapid_review, agency_return)]
    assert AgencyReturn.objects.get(pk=agency_return.pk).status == AgencyReturn.Status.REQUESTED


def test_sending_closes_returns_still_outstanding(rapid_review, business, agency):
    _decide(business, rapid_review)
    [agency_return] = rapid.returns_request(acting_user=business, rapid_review=rapid_review, organisations=[agency])
    rapid.rapid_review_send(acting_user=business, rapid_review=rapid_review, sent_on=timezone.localdate())
    deadline = Deadline.objects.for_subject(agency_return).get()
    assert deadline.status == Deadline.Status.CANCELLED and "went to the Panel" in deadline.status_reason


def test_returns_received_can_be_pulled_into_the_panels_record(rapid_review, business, chair, agency, client_for):
    [agency_return] = rapid.returns_request(acting_user=business, rapid_review=rapid_review, organisations=[agency])
    rapid.return_submit(
        acting_user=business, agency_return=agency_return, chronology="3 March: seen by GP", analysis="Missed check"
    )
    client = client_for(chair)
    assert (
        "Add the returns to the record of agency involvement"
        in client.get(rapid_review.get_absolute_url()).content.decode()
    )
    assert client.post(reverse("reviews:returns-pull", args=[rapid_review.pk])).status_code == 302
    rapid_review.refresh_from_db()
    assert "From the return of Testshire Hospitals NHS Trust" in rapid_review.practice_episodes
    assert "3 March: seen by GP" in rapid_review.practice_episodes and "Missed check" in rapid_review.practice_episodes
    with pytest.raises(DomainError, match="already in the record"):
        rapid.returns_pull(acting_user=chair, rapid_review=rapid_review)


# Into a practice review ---------------------------------------------------------------------------------


def test_commissioning_from_the_decision_carries_its_date_and_themes(rapid_review, business, client_for):
    theme = learning.theme_save(acting_user=business, name="Information sharing")
    rapid.rapid_review_update(acting_user=business, rapid_review=rapid_review, themes=[theme])
    rapid.rapid_review_decide(
        acting_user=business,
        rapid_review=rapid_review,
        decision="lcspr",
        decision_reasons="Met",
        decided_on=timezone.localdate() - timedelta(days=1),
    )
    url = reverse("reviews:practice-review-create") + f"?case={rapid_review.incident_id}"
    form = client_for(business).get(url).context["form"]
    assert form.initial["decided_on"] == timezone.localdate() - timedelta(days=1)
    assert form.initial["themes"] == [theme] and form.initial["kind"] == PracticeReview.Kind.LCSPR


def test_publishing_after_a_late_copy_asks_why_and_keeps_it(rapid_review, business):
    from django.core.files.uploadedfile import SimpleUploadedFile

    today = timezone.localdate()
    review = practice.practice_review_create(
        acting_user=business, kind="lcspr", title="Learning", decided_on=today - timedelta(days=60)
    )
    practice.report_upload(
        acting_user=business, review=review, which="final", upload=SimpleUploadedFile("r.pdf", b"%PDF-1.4 r")
    )
    practice.pre_publication_record(acting_user=business, review=review, sent_on=today - timedelta(days=1))
    with pytest.raises(DomainError, match="enter why it was late"):
        practice.practice_review_publish(acting_user=business, review=review, published_on=today)
    practice.practice_review_publish(
        acting_user=business, review=review, published_on=today, late_copy_reason="The reviewer was ill"
    )
    review.refresh_from_db()
    assert review.late_copy_reason == "The reviewer was ill"
    assert "the copy went late: The reviewer was ill" in review.history.first().history_change_reason


# The plan carries what it answers ---------------------------------------------------------------------------


def test_the_chair_approves_seeing_the_finding_and_recommendation_without_a_dead_link(
    rapid_review, business, chair, practice_group, client_for
):
    review = practice.practice_review_create(
        acting_user=business, kind="lcspr", title="Learning about babies", decided_on=timezone.localdate()
    )
    finding = practice.finding_add(acting_user=business, review=review, text="Information was not shared at birth")
    recommendation = practice.recommendation_add(
        acting_user=business, review=review, finding=finding, text="Agree a pre-birth information protocol"
    )
    plan = practice.recommendation_plan_start(acting_user=business, recommendation=recommendation)
    plan_services.action_add(
        acting_user=business, plan=plan, description="Draft the protocol", owner=chair, due_date=timezone.localdate()
    )
    plan_services.plan_submit(acting_user=business, plan=plan)
    page = client_for(chair).get(plan.get_absolute_url()).content.decode()
    assert "Information was not shared at birth" in page and "Agree a pre-birth information protocol" in page
    assert review.get_absolute_url() not in page  # the chair may not open the review
    assert "Approve the plan" in page
    assert client_for(business).get(plan.get_absolute_url()).content.decode().count(review.get_absolute_url()) == 1
    briefing = learning.briefing_save(
        acting_user=business,
        title="Sharing information before birth",
        practice_review=review,
        **{name: "Text" for name, _ in _briefing_sections()},
    )
    learning.briefing_publish(acting_user=business, briefing=briefing)
    page = client_for(chair).get(plan.get_absolute_url()).content.decode()
    assert "Learning briefing: Sharing information before birth" in page


def _briefing_sections():
    from reviews.models import Briefing

    return Briefing.SECTIONS


def _today(name: str) -> dict:
    today = timezone.localdate()
    return {f"{name}_0": str(today.day), f"{name}_1": str(today.month), f"{name}_2": str(today.year)}


def test_a_role_holder_without_an_organisation_is_labelled_plainly(business):
    from core.pickers import person_label
    from core.roles import Role

    person = UserFactory(name="Pat Nobody", organisation=None, roles=[Role.SCRUTINEER])
    assert person_label(person) == "Pat Nobody (No organisation; Independent scrutineer)"
