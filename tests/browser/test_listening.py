"""Listening end to end: the business unit builds a survey, practitioners answer it through the
public link (with JavaScript and without), the survey closes, comments are moderated and the
results read; a re-run shows the change; a "you said, we did" entry goes from recorded to done
and reaches the public page and the yearly report. axe runs on every page visited."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from engagement.models import Response, Survey, YouSaid
from engagement.services.responses import public_response_record
from scrutiny.periods import year_of
from scrutiny.services.report import report_create
from subgroups.models import PartnershipGroup
from subgroups.services import groups as group_services

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _quick_forms(settings):
    # People read before they send; the browser does not, so the form's minimum age is 0 here
    # (tests/engagement/test_public.py proves a form sent too soon is refused).
    settings.ENGAGEMENT_FORM_MIN_SECONDS = 0


@pytest.fixture
def voice_group(business, chair):
    group = group_services.group_save(
        acting_user=business, name="Voice of the Child sub-group", kind="subgroup", purpose="Children’s voices"
    )
    group_services.membership_add(acting_user=business, group=group, person=chair)
    group_services.group_set_chair(acting_user=business, group=group, person=chair)
    PartnershipGroup.objects.filter(pk=group.pk).update(remit=PartnershipGroup.Remit.VOICE)
    return group


def _more_answers(survey, count: int, *, choice: int, scale: int) -> None:
    """Answers sent through the service (the browser sent the first ones)."""
    questions = {q.kind: q for q in survey.questions.prefetch_related("choices")}
    single = list(questions["single"].choices.order_by("position"))
    for _ in range(count):
        public_response_record(
            survey=survey,
            values={questions["single"]: single[choice], questions["scale"]: scale, questions["text"]: ""},
            role="police",
        )


def _date(page, prefix: str, day) -> None:
    page.locator(f"#id_{prefix}_0").fill(str(day.day))
    page.locator(f"#id_{prefix}_1").fill(str(day.month))
    page.locator(f"#id_{prefix}_2").fill(str(day.year))


def _sign_out(page, live_server) -> None:
    page.goto(f"{live_server.url}/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()


def _add_question(page, text: str, kind: str, choices: str = "", optional: bool = False) -> None:
    page.get_by_role("button", name="Add a question").last.click()
    assert_accessible(page)
    page.get_by_label("Question", exact=True).fill(text)
    page.get_by_label(kind).check()
    if choices:
        page.get_by_label("Answers to choose from").fill(choices)
    if optional:
        page.get_by_label("People may leave this question unanswered").check()
    page.get_by_role("button", name="Add the question").click()
    expect(page.get_by_role("alert")).to_contain_text("Question added")


def _answer(page, url: str, *, comment: str, javascript: bool = True) -> None:
    """Answer through the public link. axe runs only where JavaScript does (it is a script);
    the same pages are checked with JavaScript on."""
    page.goto(url)
    if javascript:
        assert_accessible(page)
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("4", exact=True).check()
    page.get_by_label("What would help you most?").fill(comment)
    page.get_by_role("group", name="What is your role? (optional)").get_by_label("Police").check()
    page.get_by_role("button", name="Send your answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    if javascript:
        assert_accessible(page)


def test_a_survey_is_built_answered_anonymously_closed_and_its_results_read_and_compared(
    page, browser, live_server, sign_in, business
):
    today = timezone.localdate()
    sign_in(business)
    page.get_by_role("link", name="Listening").first.click()
    expect(page.get_by_role("heading", name="Surveys")).to_be_visible()
    assert_accessible(page)

    # Build: the form refuses a closing date before the opening date and keeps what was typed.
    page.get_by_role("button", name="Create a survey").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Practitioners’ survey")
    page.get_by_label("What the survey is for").fill("How safe do you feel raising concerns?")
    page.get_by_label("Practitioners across the partnership").check()
    _date(page, "opens_on", today)
    _date(page, "closes_on", today - timedelta(days=1))
    page.get_by_role("button", name="Create the survey").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The closing date must be the same as or after")
    expect(page.get_by_label("Title")).to_have_value("Practitioners’ survey")
    assert_accessible(page)
    _date(page, "closes_on", today + timedelta(days=14))
    page.get_by_role("button", name="Create the survey").click()
    expect(page.get_by_role("heading", name="Practitioners’ survey")).to_be_visible()
    assert_accessible(page)
    _add_question(page, "Do you know how to escalate a disagreement?", "Choose one answer", "Yes\nPartly\nNo")
    _add_question(page, "How confident are you in the threshold document?", "A scale")
    _add_question(page, "What would help you most?", "Free text", optional=True)
    assert_accessible(page)
    page.get_by_role("button", name="Publish").click()
    assert_accessible(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("alert")).to_contain_text("Survey published")
    survey = Survey.objects.get()
    link = f"{live_server.url}{survey.public_url}"
    expect(page.get_by_role("link", name=link)).to_be_visible()

    # Practitioners answer through the link, signed out, with JavaScript and without.
    anonymous = browser.new_context()
    public = anonymous.new_page()
    public.goto(link)
    public.get_by_role("button", name="Send your answers").click()
    expect(public.locator(".govuk-error-summary")).to_contain_text("Answer “Do you know how to escalate")
    assert_accessible(public)
    _answer(public, link, comment="More joint supervision with health.")
    anonymous.close()
    no_script = browser.new_context(java_script_enabled=False)
    plain = no_script.new_page()
    plain.goto(link)
    plain.get_by_role("button", name="Send your answers").click()
    expect(plain.locator(".govuk-error-summary")).to_contain_text("Answer “Do you know how to escalate")
    _answer(plain, link, comment="Kayden told me the referral form is confusing.", javascript=False)
    assert not no_script.cookies(), "answering set no cookie"
    no_script.close()
    assert Response.objects.filter(survey=survey).count() == 2
    _more_answers(survey, 4, choice=0, scale=3)

    # Close, moderate, read the results.
    page.goto(f"{live_server.url}{survey.get_absolute_url()}")
    page.get_by_role("button", name="Close the survey").click()
    assert_accessible(page)
    page.get_by_role("button", name="Close the survey").click()
    expect(page.get_by_role("alert")).to_contain_text("Survey closed")
    page.get_by_role("button", name="Moderate comments (2 waiting)").click()
    assert_accessible(page)
    expect(page.locator("mark").first).to_contain_text("Kayden")
    flagged = page.locator(".govuk-summary-card", has=page.locator("mark"))
    expect(flagged.get_by_label("The comment as it will be shown")).to_have_value(
        "[name removed] told me the referral form is confusing."
    )
    flagged.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Comment approved")
    page.get_by_role("link", name="Approve the 1 comment").click()
    assert_accessible(page)
    page.get_by_role("button", name="Approve them").click()
    page.goto(f"{live_server.url}/listening/surveys/{survey.pk}/results/")
    assert_accessible(page)
    expect(page.get_by_text("[name removed] told me the referral form is confusing.")).to_be_visible()
    expect(page.get_by_text("Kayden")).to_have_count(0)
    expect(page.locator("svg[role=img]").first).to_be_visible()
    expect(page.get_by_role("table", name="Answers to “Do you know how to escalate a disagreement?”")).to_contain_text(
        "100.0%"
    )
    page.get_by_role("button", name="Share the results with the partnership").click()
    expect(page.get_by_role("alert")).to_contain_text("Results shared")

    # Run it again: the questions are copied and the results show the change.
    page.goto(f"{live_server.url}{survey.get_absolute_url()}")
    page.get_by_role("link", name="Run it again").click()
    assert_accessible(page)
    _date(page, "opens_on", today)
    _date(page, "closes_on", today + timedelta(days=14))
    page.get_by_role("button", name="Create the new run").click()
    expect(page.get_by_role("alert")).to_contain_text("Run 2 created as a draft")
    assert_accessible(page)
    rerun = Survey.objects.get(run_number=2)
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("button", name="Publish").click()
    rerun.refresh_from_db()
    _more_answers(rerun, 5, choice=1, scale=5)
    page.goto(f"{live_server.url}/listening/surveys/{rerun.pk}/results/")
    assert_accessible(page)
    table = page.get_by_role("table", name="Answers to “Do you know how to escalate a disagreement?”")
    expect(table).to_contain_text("Earlier run")
    expect(table).to_contain_text("−100.0 points")
    expect(table).to_contain_text("+100.0 points")


def test_a_you_said_entry_goes_from_recorded_to_done_and_reaches_the_public_page_and_the_yearly_report(
    page, browser, live_server, sign_in, business, chair, member, voice_group
):
    today = timezone.localdate()
    sign_in(business)
    page.goto(f"{live_server.url}/listening/you-said-we-did/")
    assert_accessible(page)
    page.get_by_role("button", name="Record what children or families told us").click()
    assert_accessible(page)
    page.get_by_label("You said").fill("Jayden Smith says buses stop too early")
    page.get_by_label("What they told us").fill("Young people at the youth council said the last bus leaves at six.")
    page.get_by_label("The youth council").check()
    page.get_by_label("Group that reviews it").select_option(label="Voice of the Child sub-group")
    page.get_by_role("button", name="Record it").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("“Jayden Smith” may identify someone")
    assert_accessible(page)
    page.get_by_label("You said").fill("Buses to the youth centre stop too early")
    page.get_by_role("button", name="Record it").click()
    item = YouSaid.objects.get()
    expect(page.get_by_role("heading", name="“Buses to the youth centre stop too early”")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Give it an owner and a date").click()
    assert_accessible(page)
    page.get_by_label("Owner").select_option(label=f"{member.name} ({member.organisation})")
    _date(page, "response_due", today + timedelta(days=30))
    page.get_by_label("What we will do (optional)").fill("Ask the bus company for a later service.")
    page.get_by_role("button", name="Save and tell the owner").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Given to {member.name}")
    _sign_out(page, live_server)

    # The owner sees it on My work and says what was done.
    sign_in(member)
    page.get_by_role("link", name="1 thing children or families told us: say what we did").click()
    page.get_by_role("link", name=item.reference).first.click()
    page.get_by_role("button", name="Say what we did").click()
    assert_accessible(page)
    page.get_by_label("We did", exact=True).fill("The bus company added a later service on weekdays.")
    page.get_by_role("button", name="Send it for review").click()
    expect(page.get_by_role("alert")).to_contain_text("the group’s chair is asked to review it")
    _sign_out(page, live_server)

    # The chair reviews it.
    sign_in(chair)
    page.get_by_role("link", name="1 “we did” answer waiting for your review").click()
    page.get_by_role("link", name=item.reference).first.click()
    page.get_by_role("button", name="Review what we did").click()
    assert_accessible(page)
    page.get_by_label("Yes: what we did answers what they told us").check()
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_role("alert")).to_contain_text("Agreed as done")
    _sign_out(page, live_server)

    # The business unit publishes it: it is on the public page, with and without JavaScript.
    sign_in(business)
    page.goto(f"{live_server.url}{item.get_absolute_url()}")
    page.get_by_role("button", name="Publish on the public page").click()
    assert_accessible(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("alert")).to_contain_text("Published on the public page")
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript)
        public = context.new_page()
        public.goto(f"{live_server.url}/you-said-we-did/")
        expect(public.get_by_role("heading", name="You said, we did")).to_be_visible()
        expect(public.get_by_text("The bus company added a later service on weekdays.")).to_be_visible()
        expect(public.get_by_text("the last bus leaves at six")).to_have_count(0)
        if javascript:
            assert_accessible(public)
        context.close()

    # And in the yearly report.
    report = report_create(acting_user=business, year=year_of(today))
    page.goto(f"{live_server.url}/assurance/reports/{report.pk}/")
    section = page.locator("#section-voice")
    expect(section).to_contain_text("The bus company added a later service on weekdays.")
    assert_accessible(page)


def test_every_other_listening_page_passes_axe(page, live_server, sign_in, business, member, agency_lead):
    """The pages the two flows above do not visit, each as the person who uses it."""
    from engagement.services import moderation as moderation_services
    from engagement.services import responses as response_services
    from engagement.services import surveys as survey_services
    from tests.engagement.builders import answer_publicly, build_survey, published_survey, you_said

    today = timezone.localdate()
    practitioners = build_survey(business)
    survey_services.agencies_invite(
        acting_user=business, survey=practitioners, organisations=[agency_lead.organisation]
    )
    practitioners = survey_services.survey_publish(acting_user=business, survey=practitioners)
    answer_publicly(practitioners, 6, organisation=agency_lead.organisation, text="More training")
    moderation_services.approve_clear_comments(acting_user=business, survey=practitioners)
    children = build_survey(business, title="Children’s survey", audience=Survey.Audience.CHILDREN)
    survey_services.facilitators_set(acting_user=business, survey=children, people=[member])
    children = survey_services.survey_publish(acting_user=business, survey=children)
    session = response_services.session_start(acting_user=member, survey=children, forum="Youth council", held_on=today)
    leads = build_survey(business, title="Agencies’ survey", audience=Survey.Audience.AGENCY_LEADS)
    survey_services.agencies_invite(acting_user=business, survey=leads, organisations=[agency_lead.organisation])
    leads = survey_services.survey_publish(acting_user=business, survey=leads)
    closed = published_survey(business, title="Closed survey")
    closed = survey_services.survey_close(acting_user=business, survey=closed)
    item = you_said(business)
    text_question = practitioners.questions.get(kind="text")

    visits = {
        business: [
            f"/listening/surveys/{practitioners.pk}/agencies/",
            f"/listening/surveys/{practitioners.pk}/agencies/add/",
            f"/listening/surveys/{practitioners.pk}/reminders/",
            f"/listening/surveys/{practitioners.pk}/preview/",
            f"/listening/surveys/{practitioners.pk}/history/",
            f"/listening/surveys/{practitioners.pk}/results/comments/{text_question.pk}/",
            f"/listening/surveys/{children.pk}/facilitators/",
            f"/listening/surveys/{children.pk}/results/",
            f"/listening/you-said-we-did/{item.pk}/edit/",
            f"/listening/you-said-we-did/{item.pk}/owner/",
            f"/listening/you-said-we-did/{item.pk}/history/",
            "/listening/evidence/",
            "/",
        ],
        member: [
            f"/listening/surveys/{children.pk}/",
            f"/listening/surveys/{children.pk}/sessions/new/",
            f"/listening/surveys/{children.pk}/sessions/{session.pk}/",
            "/",
        ],
        agency_lead: [
            f"/listening/surveys/{leads.pk}/",
            f"/listening/surveys/{leads.pk}/answer/{agency_lead.organisation.pk}/",
            "/listening/evidence/",
            "/",
        ],
    }
    for person, urls in visits.items():
        sign_in(person)
        for url in urls:
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200, url
            assert_accessible(page)
        _sign_out(page, live_server)
    for url in (closed.public_url, f"/have-your-say/{practitioners.link_code}/thank-you/"):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status in (200, 410), url
        assert_accessible(page)
