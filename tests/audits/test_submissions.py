"""An organisation's return: drafts, evidence, two people at once, submitting with sign-off
(refused, question by question, while anything required is missing), return for
clarification, acceptance (which freezes it and proposes actions), moderation, the outcome
and its feedback letter, and copying last cycle's answers."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from audits.models import Answer, AuditSubmission, QuestionComment
from audits.selectors.submissions import submission_problems
from audits.services import cycles as cycle_services
from audits.services import submissions as services
from core.models import AccessLog, Deadline
from core.services import DomainError
from subgroups.models import ActionPlan
from subgroups.services import plans as plan_services

from .conftest import complete, entry, pdf, submit

pytestmark = pytest.mark.django_db


def test_saving_a_draft_starts_the_return(submission, agency_lead, questions):
    result = services.answers_save(
        acting_user=agency_lead, submission=submission, inputs=[entry(questions["1.1"], rating=2, text="Partly")]
    )
    assert result.saved == 1 and not result.conflicts
    submission.refresh_from_db()
    assert submission.status == AuditSubmission.Status.IN_PROGRESS
    answer = Answer.objects.get(submission=submission)
    assert (answer.rating, answer.text, answer.version, answer.updated_by) == (2, "Partly", 1, agency_lead)


def test_a_submission_cannot_be_submitted_with_required_answers_or_evidence_missing(submission, agency_lead, questions):
    services.answers_save(acting_user=agency_lead, submission=submission, inputs=[entry(questions["1.1"], rating=3)])
    with pytest.raises(services.SubmissionIncomplete) as refused:
        submit(submission, agency_lead)
    assert [p.message for p in refused.value.problems] == [
        "Question 1.1: add evidence (it is required)",
        "Question 1.2: select yes, partly or no",
        "Question 2.1: enter a number",
    ]
    submission.refresh_from_db()
    assert submission.status == AuditSubmission.Status.IN_PROGRESS


def test_not_applicable_answers_a_question_that_allows_it_and_needs_no_evidence(submission, agency_lead, questions):
    complete(submission, agency_lead, questions)
    services.answers_save(
        acting_user=agency_lead,
        submission=submission,
        inputs=[
            entry(
                questions["1.2"],
                version=1,
                loaded=Answer.objects.get(question=questions["1.2"]).digest,
                not_applicable=True,
            )
        ],
    )
    assert submission_problems(submission) == []


def test_the_submit_page_lists_each_missing_answer_and_asks_for_a_senior_officer(
    submission, agency_lead, questions, client_for
):
    client = client_for(agency_lead)
    url = reverse("audits:submission-submit", args=[submission.pk])
    page = client.get(url).content.decode()
    for message in (
        "Question 1.1: select a rating",
        "Question 1.2: select yes, partly or no",
        "Question 2.1: enter a number",
    ):
        assert message in page
    assert "Send for sign-off" not in page  # nothing to sign until it is complete
    complete(submission, agency_lead, questions)
    empty = client.post(url, {})
    assert "Select the senior officer who will sign off the return" in empty.content.decode()
    assert "sign_off_name" not in empty.content.decode()  # the typed name and tick box are gone


def test_submitting_records_the_sign_off_meets_the_deadline_and_tells_the_business_unit(
    business, submission, agency_lead, questions
):
    complete(submission, agency_lead, questions)
    submit(submission, agency_lead)
    submission.refresh_from_db()
    assert submission.status == AuditSubmission.Status.SUBMITTED
    assert (submission.sign_off_name, submission.sign_off_role) == ("Dr Helen Varley", "Director of nursing")
    assert submission.submitted_by == agency_lead and submission.first_submitted_at
    assert Deadline.objects.for_subject(submission).get().status == Deadline.Status.MET
    assert business.notifications.filter(title__contains="has submitted").exists()
    with pytest.raises(DomainError, match="has been submitted"):
        services.answers_save(
            acting_user=agency_lead, submission=submission, inputs=[entry(questions["2.2"], text="x")]
        )


def test_an_accepted_submission_is_frozen(business, submission, agency_lead, questions, client_for):
    complete(submission, agency_lead, questions)
    submit(submission, agency_lead)
    services.submission_accept(acting_user=business, submission=submission)
    answer = Answer.objects.get(submission=submission, question=questions["1.1"])
    with pytest.raises(DomainError, match="has been accepted"):
        services.answers_save(
            acting_user=agency_lead,
            submission=submission,
            inputs=[entry(questions["1.1"], version=answer.version, loaded=answer.digest, rating=1)],
        )
    with pytest.raises(DomainError, match="has been accepted"):
        services.evidence_add(acting_user=agency_lead, submission=submission, question=questions["1.1"], upload=pdf())
    with pytest.raises(DomainError, match="has been accepted"):
        services.evidence_remove(acting_user=agency_lead, evidence=answer.evidence.get())
    with pytest.raises(DomainError, match="Only a submitted return"):
        services.submission_return(acting_user=business, submission=submission, comments={}, overall="More")
    client = client_for(agency_lead)
    standard = questions["1.1"].standard
    page = client.get(reverse("audits:submission-standard", args=[submission.pk, standard.pk]))
    assert page.context["form"] is None and "Save and continue" not in page.content.decode()
    posted = client.post(
        reverse("audits:submission-standard", args=[submission.pk, standard.pk]), {f"q{questions['1.1'].pk}_value": "1"}
    )
    assert posted.status_code == 403
    assert client.get(reverse("audits:submission-submit", args=[submission.pk])).status_code == 403
    answer.refresh_from_db()
    assert answer.rating == 3


def test_two_people_editing_one_submission_do_not_lose_each_others_work(
    submission, agency_lead, second_lead, questions
):
    """Both load the page with nothing answered. Alex answers 1.1 and 1.2; Jo, from the same
    stale page, answers 1.2 differently and 2.1. Jo's 2.1 is saved, Jo's 1.2 is a conflict
    (Alex's answer stays), and 1.1, which Jo did not touch, keeps Alex's answer."""
    services.answers_save(
        acting_user=agency_lead,
        submission=submission,
        inputs=[entry(questions["1.1"], rating=3), entry(questions["1.2"], response="yes")],
    )
    result = services.answers_save(
        acting_user=second_lead,
        submission=submission,
        inputs=[
            entry(questions["1.1"]),  # untouched on Jo's stale page
            entry(questions["1.2"], response="no", text="Our lead left in March"),
            entry(questions["2.1"], number=75),
        ],
    )
    assert result.saved == 1
    assert [c.question for c in result.conflicts] == [questions["1.2"]]
    assert result.conflicts[0].theirs.response == "yes" and result.conflicts[0].theirs.updated_by == agency_lead
    answers = {a.question.reference: a for a in submission.answers.select_related("question")}
    assert answers["1.1"].rating == 3
    assert answers["1.2"].response == "yes"
    assert answers["2.1"].number == 75
    # Saving again from the conflict page (now based on Alex's version) deliberately replaces it.
    theirs = answers["1.2"]
    again = services.answers_save(
        acting_user=second_lead,
        submission=submission,
        inputs=[entry(questions["1.2"], version=theirs.version, loaded=theirs.digest, response="no")],
    )
    assert again.saved == 1 and not again.conflicts
    assert Answer.objects.get(pk=theirs.pk).response == "no"


def test_the_answer_page_shows_the_other_persons_answer_and_keeps_what_was_typed(
    submission, agency_lead, second_lead, questions, client_for
):
    standard = questions["1.1"].standard
    url = reverse("audits:submission-standard", args=[submission.pk, standard.pk])
    q11, q12 = questions["1.1"].pk, questions["1.2"].pk
    stale = client_for(second_lead).get(url).context["form"]
    loaded = {name: stale[name].value() for name in stale.fields if name.endswith(("_version", "_loaded"))}
    services.answers_save(
        acting_user=agency_lead,
        submission=submission,
        inputs=[entry(questions["1.1"], rating=1, text="Not yet in the plan")],
    )
    typed = {
        **loaded,
        f"q{q11}_value": "3",
        f"q{q11}_text": "It is in the 2030 plan, page 4",
        f"q{q12}_value": "yes",
        "save": "1",
    }
    response = client_for(second_lead).post(url, typed)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Alex Lead saved a different answer while you were editing" in page
    assert "Not yet in the plan" in page  # theirs, shown
    assert "It is in the 2030 plan, page 4" in page  # mine, kept in the box
    answers = {a.question_id: a for a in submission.answers.all()}
    assert answers[q11].rating == 1  # not overwritten
    assert answers[q12].response == "yes"  # the other answer was saved
    resaved = client_for(second_lead).post(url, {**response.context["form"].data.dict(), "save": "1"})
    assert resaved.status_code == 302
    assert Answer.objects.get(pk=answers[q11].pk).rating == 3


def test_save_and_continue_goes_to_the_next_standard_and_evidence_button_saves_first(
    submission, agency_lead, questions, client_for
):
    client = client_for(agency_lead)
    first = questions["1.1"].standard
    url = reverse("audits:submission-standard", args=[submission.pk, first.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data[f"q{questions['1.1'].pk}_value"] = "2"
    response = client.post(url, {**data, "continue": "1"})
    assert response["Location"] == reverse(
        "audits:submission-standard", args=[submission.pk, questions["2.1"].standard_id]
    )
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data[f"q{questions['1.1'].pk}_text"] = "Board minutes attached"
    response = client.post(url, {**data, "evidence_for": str(questions["1.1"].pk)})
    assert response["Location"] == reverse("audits:evidence", args=[submission.pk, questions["1.1"].pk])
    assert Answer.objects.get(question=questions["1.1"]).text == "Board minutes attached"


def test_a_bad_number_is_refused_and_nothing_typed_is_lost(submission, agency_lead, questions, client_for):
    client = client_for(agency_lead)
    standard = questions["2.1"].standard
    url = reverse("audits:submission-standard", args=[submission.pk, standard.pk])
    response = client.post(
        url, {f"q{questions['2.1'].pk}_value": "lots", f"q{questions['2.2'].pk}_text": "A long answer", "save": "1"}
    )
    page = response.content.decode()
    assert "Question 2.1: enter a number, like 12 or 3.5" in page
    assert "A long answer" in page
    assert not Answer.objects.exists()


def test_evidence_is_type_and_size_checked(submission, agency_lead, questions, client_for, settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1000
    client = client_for(agency_lead)
    url = reverse("audits:evidence", args=[submission.pk, questions["1.1"].pk])
    bad = {
        "virus.exe": (b"MZ\x90\x00", "The selected file must be a"),
        "fake.pdf": (b"<html>not a pdf</html>", "The selected file is not a real PDF file"),
        "big.pdf": (b"%PDF-" + b"0" * 2000, "The selected file must be smaller than"),
    }
    for name, (content, message) in bad.items():
        response = client.post(url, {"file": SimpleUploadedFile(name, content)})
        assert message in response.content.decode(), name
    assert not submission.answers.filter(evidence__isnull=False).exists()
    response = client.post(url, {"file": pdf("minutes.pdf"), "title": "Board minutes"})
    assert response.status_code == 302
    evidence = Answer.objects.get(question=questions["1.1"]).evidence.get()
    assert evidence.document.title == "Board minutes"
    assert evidence.document.subject == submission


def test_returning_needs_a_comment_and_shows_it_against_the_question(
    business, submission, agency_lead, questions, client_for
):
    complete(submission, agency_lead, questions)
    submit(submission, agency_lead)
    url = reverse("audits:submission-return", args=[submission.pk])
    empty = client_for(business).post(url, {})
    assert "Enter a comment on at least one question, or an overall comment" in empty.content.decode()
    client_for(business).post(url, {f"comment_{questions['1.1'].pk}": "Which plan? Attach page 4."})
    submission.refresh_from_db()
    assert submission.status == AuditSubmission.Status.RETURNED
    comment = QuestionComment.objects.get(submission=submission)
    assert (comment.question, comment.purpose) == (questions["1.1"], QuestionComment.Purpose.CLARIFICATION)
    assert agency_lead.notifications.filter(title__contains="needs clarification").exists()
    page = client_for(agency_lead).get(
        reverse("audits:submission-standard", args=[submission.pk, questions["1.1"].standard_id])
    )
    assert "Which plan? Attach page 4." in page.content.decode()
    answer = Answer.objects.get(question=questions["1.1"])
    services.answers_save(
        acting_user=agency_lead,
        submission=submission,
        inputs=[entry(questions["1.1"], version=answer.version, loaded=answer.digest, rating=3, text="Page 4")],
    )
    submit(submission, agency_lead)
    submission.refresh_from_db()
    assert submission.status == AuditSubmission.Status.SUBMITTED


def test_accepting_proposes_an_action_per_weak_answer_for_the_effectiveness_chair(
    business, chair, effectiveness, submission, agency_lead, questions
):
    complete(submission, agency_lead, questions, rating=2)  # amber: below green
    submit(submission, agency_lead)
    _, plan = services.submission_accept(acting_user=business, submission=submission)
    assert plan.owning_group == effectiveness and plan.organisation == submission.organisation
    assert plan.source == submission and plan.status == ActionPlan.Status.DRAFT
    [action] = plan.actions.all()
    assert "question 1.1 (rated Amber)" in action.description
    assert action.owner_organisation == submission.organisation
    plan_services.plan_submit(acting_user=business, plan=plan)
    plan_services.plan_approve(acting_user=chair, plan=plan)
    assert plan_services.permissions.can_update_action(agency_lead, action)  # the organisation evidences it
    with pytest.raises(DomainError, match="already has an action plan"):
        services.actions_propose(acting_user=business, submission=submission)


def test_without_an_effectiveness_group_acceptance_proposes_nothing_yet(business, submission, agency_lead, questions):
    complete(submission, agency_lead, questions, rating=1)
    submit(submission, agency_lead)
    _, plan = services.submission_accept(acting_user=business, submission=submission)
    assert plan is None
    with pytest.raises(DomainError, match="no active effectiveness sub-group"):
        services.actions_propose(acting_user=business, submission=submission)


def test_moderators_rate_confidence_and_note_answers(business, chair, cycle, submission, agency_lead, questions):
    cycle_services.moderators_set(acting_user=business, cycle=cycle, moderators=[chair])
    complete(submission, agency_lead, questions)
    with pytest.raises(DomainError, match="once it has been submitted"):
        services.moderation_save(acting_user=chair, submission=submission, confidence="high", summary="", comments={})
    submit(submission, agency_lead)
    services.moderation_save(
        acting_user=chair,
        submission=submission,
        confidence="low",
        summary="Training figures look optimistic",
        comments={questions["2.1"].pk: "92% is higher than the ICB’s figure"},
    )
    rating = submission.ratings.get()
    assert (rating.moderator, rating.confidence) == (chair, "low")
    note = QuestionComment.objects.get(purpose=QuestionComment.Purpose.MODERATION)
    assert note.question == questions["2.1"]


def test_the_outcome_produces_a_feedback_letter_the_organisation_can_download(
    business, submission, agency_lead, questions, client_for
):
    complete(submission, agency_lead, questions, rating=2)
    submit(submission, agency_lead)
    services.submission_accept(acting_user=business, submission=submission)
    services.outcome_record(
        acting_user=business,
        submission=submission,
        outcome="partly_assured",
        notes="Good leadership; train more staff.",
    )
    submission.refresh_from_db()
    letter = submission.feedback_letter
    response = client_for(agency_lead).get(letter.get_absolute_url())
    assert response.status_code == 200
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages)
    assert "Partly assured" in text and "Good leadership; train more staff." in text
    assert "1.1 Safeguarding is in the strategic plan" in text
    assert AccessLog.objects.filter(action="download", subject_id=submission.pk).exists()
    services.outcome_record(acting_user=business, submission=submission, outcome="assured", notes="Now assured.")
    submission.refresh_from_db()
    assert submission.feedback_letter.previous == letter and submission.feedback_letter.version == 2


def test_last_cycles_answers_can_be_copied_without_overwriting(
    business, version, cycle, submission, agency_lead, questions
):
    complete(submission, agency_lead, questions, rating=2)
    services.answers_save(
        acting_user=agency_lead, submission=submission, inputs=[entry(questions["2.2"], text="Last year's note")]
    )
    submit(submission, agency_lead)  # submitted, not accepted: nothing is carried forward, it can be copied
    today = timezone.localdate()
    cycle_services.cycle_update(
        acting_user=business,
        cycle=cycle,
        title=cycle.title,
        opens_on=today - timedelta(days=400),
        closes_on=today - timedelta(days=300),
        recorded_after=True,
    )
    following = cycle_services.cycle_launch(
        acting_user=business,
        cycle=cycle_services.cycle_create(
            acting_user=business, title="Next", version=version, opens_on=today, closes_on=today + timedelta(days=30)
        ),
    )
    new = AuditSubmission.objects.get(cycle=following, organisation=submission.organisation)
    services.answers_save(acting_user=agency_lead, submission=new, inputs=[entry(questions["1.2"], response="no")])
    copied = services.answers_copy_previous(acting_user=agency_lead, submission=new)
    answers = {a.question.reference: a for a in new.answers.select_related("question")}
    assert copied == 3
    assert answers["1.1"].rating == 2 and answers["2.2"].text == "Last year's note"
    assert answers["1.2"].response == "no"  # already answered: kept
    assert not answers["1.1"].evidence.exists()  # evidence is this cycle's to add
    with pytest.raises(DomainError, match="nothing to copy"):
        services.answers_copy_previous(acting_user=agency_lead, submission=new)


def test_every_view_of_a_return_is_logged(submission, agency_lead, business, questions, client_for):
    client_for(agency_lead).get(reverse("audits:submission-detail", args=[submission.pk]))
    client_for(business).get(reverse("audits:submission-standard", args=[submission.pk, questions["1.1"].standard_id]))
    logged = AccessLog.objects.filter(subject_id=submission.pk, subject_type__model="auditsubmission")
    assert {row.user for row in logged} == {agency_lead, business}


def test_removed_evidence_takes_its_file_with_it_once_committed(
    submission, agency_lead, questions, client_for, django_capture_on_commit_callbacks
):
    evidence = services.evidence_add(
        acting_user=agency_lead, submission=submission, question=questions["1.1"], upload=pdf()
    )
    storage, name = evidence.document.file.storage, evidence.document.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(agency_lead).post(reverse("audits:evidence-remove", args=[submission.pk, evidence.pk]))
    assert response.status_code == 302
    assert not storage.exists(name)
    assert not Answer.objects.get(submission=submission).evidence.exists()
