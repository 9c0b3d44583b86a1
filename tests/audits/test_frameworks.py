"""Frameworks: the defaults a deployment starts with, drafts and publishing (a published
version is frozen), new versions, and the spreadsheet import and export."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from audits.imports import FrameworkImporter, export_rows
from audits.models import Framework, FrameworkVersion, Question, Standard
from audits.services import frameworks as services
from core.models import PendingImport
from core.services import DomainError
from core.tabular import Action, TableError, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def test_a_fresh_deployment_gets_the_default_frameworks_once(business):
    services.ensure_default_frameworks(business)
    services.ensure_default_frameworks(business)
    section_11 = Framework.objects.get(default_key="section_11")
    version = section_11.versions.get()
    assert version.status == FrameworkVersion.Status.PUBLISHED
    assert version.standards.count() == 8
    assert {s.title.split()[0] for s in version.standards.all()} >= {"Senior", "Training", "Information"}
    schools = Framework.objects.get(default_key="section_175_157")
    assert schools.organisation_duties == ["section_175", "section_157"]
    assert any("filtering" in s.title.lower() for s in schools.versions.get().standards.all())
    assert Framework.objects.get(default_key="neglect_case_audit").purpose == Framework.Purpose.CASE_AUDIT
    assert Framework.objects.count() == 3


def test_a_renamed_default_framework_is_not_made_again(business):
    services.ensure_default_frameworks(business)
    framework = Framework.objects.get(default_key="section_11")
    services.framework_update(
        acting_user=business, framework=framework, name="Our S11", description="", duty="section_11"
    )
    assert services.ensure_default_frameworks(business) == []


def test_the_frameworks_page_makes_the_defaults_for_the_business_unit(business, client_for):
    response = client_for(business).get(reverse("audits:framework-list"))
    assert response.status_code == 200
    assert "Section 11 self-assessment" in response.content.decode()


def test_a_published_version_cannot_be_edited(business, version, client_for):
    standard = version.standards.get(reference="1")
    question = standard.questions.first()
    with pytest.raises(DomainError, match="published, so it cannot be changed"):
        services.standard_save(acting_user=business, version=version, reference="9", title="New", description="")
    with pytest.raises(DomainError):
        services.question_save(acting_user=business, standard=standard, question=question, text="Changed")
    with pytest.raises(DomainError):
        services.question_remove(acting_user=business, question=question)
    with pytest.raises(DomainError):
        services.version_update(acting_user=business, version=version, scale="grades", action_threshold=3, notes="")
    client = client_for(business)
    assert (
        client.post(reverse("audits:question-edit", args=[version.pk, question.pk]), {"text": "x"}).status_code == 403
    )
    assert client.post(reverse("audits:version-publish", args=[version.pk])).status_code == 403
    question.refresh_from_db()
    assert question.text == "Safeguarding is in the strategic plan"


def test_only_the_business_unit_edits_frameworks(version, framework, agency_lead):
    with pytest.raises(PermissionDenied):
        services.version_new_draft(acting_user=agency_lead, framework=framework)


def test_a_new_draft_copies_the_latest_version_and_is_then_published_as_the_next(business, framework, version):
    draft = services.version_new_draft(acting_user=business, framework=framework)
    assert draft.number == 2 and draft.is_draft
    assert list(Question.objects.filter(standard__version=draft).values_list("reference", flat=True)) == [
        "1.1",
        "1.2",
        "2.1",
        "2.2",
    ]
    with pytest.raises(DomainError, match="already has a draft"):
        services.version_new_draft(acting_user=business, framework=framework)
    standard = draft.standards.get(reference="2")
    services.question_save(acting_user=business, standard=standard, reference="2.3", text="Supervision", kind="rating")
    services.version_publish(acting_user=business, version=draft)
    assert Question.objects.filter(standard__version=version).count() == 4  # version 1 unchanged
    assert Question.objects.filter(standard__version=draft).count() == 5


def test_publishing_needs_questions_in_every_standard(business):
    framework = services.framework_create(
        acting_user=business,
        name="Empty",
        purpose="self_assessment",
        duty="section_11",
        description="",
        scale="rag",
        action_threshold=3,
    )
    draft = framework.versions.get()
    with pytest.raises(DomainError, match="Add at least one standard"):
        services.version_publish(acting_user=business, version=draft)
    services.standard_save(acting_user=business, version=draft, reference="1", title="Leadership", description="")
    with pytest.raises(DomainError, match="Standard 1 has no questions"):
        services.version_publish(acting_user=business, version=draft)


def test_question_references_are_unique_in_a_version(business, framework):
    draft = services.version_new_draft(acting_user=business, framework=framework)
    standard = draft.standards.get(reference="2")
    with pytest.raises(DomainError, match="reference 1.1"):
        services.question_save(acting_user=business, standard=standard, reference="1.1", text="Again", kind="text")


def test_framework_form_refuses_bad_input_with_govuk_messages(business, client_for):
    response = client_for(business).post(
        reverse("audits:framework-create"),
        {"name": "My tool", "purpose": "self_assessment", "scale": "rag", "action_threshold": "9"},
    )
    errors = response.context["form"].errors
    assert errors["duty"] == ["Select the audit duty the framework is for"]
    assert errors["action_threshold"] == ["Enter an action threshold from 1 to 3 for this scale"]
    assert 'value="My tool"' in response.content.decode()


def _draft_with_file(business, framework):
    draft = services.version_new_draft(acting_user=business, framework=framework)
    headers, current = export_rows(draft)
    return draft, headers, current


def test_export_then_import_of_the_same_file_changes_nothing(business, framework, client_for):
    draft, headers, rows = _draft_with_file(business, framework)
    response = client_for(business).get(reverse("audits:version-export", args=[draft.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]][:4] == ["Standard", "Standard title", "Standard description", "Question"]
    preview = FrameworkImporter(draft).preview("framework.xlsx", response.content)
    assert [r.action for r in preview.results] == [Action.UNCHANGED] * 4
    assert not preview.removed and not preview.can_apply


def test_an_import_adds_changes_and_removes_questions_in_the_files_order(business, framework):
    draft, headers, rows = _draft_with_file(business, framework)
    rows = [r for r in rows if r[3] != "2.2"]  # removed
    rows[0][4] = "Safeguarding is in the strategic plan and the budget"  # changed
    rows.append(["3", "Safer recruitment", "", "3.1", "DBS checks are done", "Rating", "", "yes", "no", "no"])
    content = write_xlsx(headers, rows)
    preview = FrameworkImporter(draft).preview("f.xlsx", content)
    assert [r.action for r in preview.results] == [Action.UPDATE, Action.UNCHANGED, Action.UNCHANGED, Action.CREATE]
    assert preview.removed == ["2.2 Anything else?"]
    FrameworkImporter(draft).apply("f.xlsx", content, acting_user=business)
    assert list(draft.standards.values_list("reference", flat=True)) == ["1", "2", "3"]
    assert Question.objects.get(standard__version=draft, reference="1.1").text.endswith("and the budget")
    assert not Question.objects.filter(standard__version=draft, reference="2.2").exists()
    new = Question.objects.get(standard__version=draft, reference="3.1")
    assert new.standard.title == "Safer recruitment" and new.kind == "rating"
    assert new.history.first().history_change_reason == "Imported from a file"


def test_a_bad_file_is_refused_row_by_row_and_nothing_is_saved(business, framework, client_for):
    draft, headers, rows = _draft_with_file(business, framework)
    before = list(Question.objects.filter(standard__version=draft).values_list("reference", "text"))
    bad = [
        ["1", "Leadership", "", "1.1", "Fine", "Rating", "", "yes", "maybe", "no"],
        ["1", "Leadership", "", "1.1", "Twice", "Rating", "", "yes", "no", "no"],
        ["", "", "", "1.3", "", "Spaceship", "", "", "", ""],
    ]
    content = write_csv(headers, bad)
    preview = FrameworkImporter(draft).preview("f.csv", content)
    errors = {r.number: r.errors for r in preview.results}
    assert "Evidence required must be yes or no, not “maybe”" in errors[2]
    assert "The question reference 1.1 appears more than once in the file" in errors[3]
    assert "Enter the standard’s reference, like 3" in errors[4]
    assert "Enter the question text" in errors[4]
    assert any(e.startswith("Kind of answer “Spaceship”") for e in errors[4])
    assert not preview.can_apply
    with pytest.raises(TableError):
        FrameworkImporter(draft).apply("f.csv", content, acting_user=business)
    client = client_for(business)
    response = client.post(
        reverse("audits:version-import", args=[draft.pk]), {"file": SimpleUploadedFile("f.csv", content)}
    )
    pending = PendingImport.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("audits:version-import-preview", args=[draft.pk, pending.pk]))
    assert "The file cannot be imported" in page.content.decode()
    client.post(reverse("audits:version-import-preview", args=[draft.pk, pending.pk]))
    assert list(Question.objects.filter(standard__version=draft).values_list("reference", "text")) == before


def test_the_import_pages_apply_a_good_file(business, framework, client_for):
    draft, headers, rows = _draft_with_file(business, framework)
    rows.append(["2", "", "", "2.3", "Induction covers safeguarding", "yes/no/partly", "", "", "", ""])
    client = client_for(business)
    client.post(
        reverse("audits:version-import", args=[draft.pk]),
        {"file": SimpleUploadedFile("f.xlsx", write_xlsx(headers, rows))},
    )
    pending = PendingImport.objects.get()
    response = client.post(reverse("audits:version-import-preview", args=[draft.pk, pending.pk]))
    assert response.status_code == 302
    question = Question.objects.get(standard__version=draft, reference="2.3")
    assert question.kind == "yes_no_partly" and question.is_required
    assert not PendingImport.objects.exists()


def test_a_published_version_cannot_be_imported_into(business, version, client_for):
    assert client_for(business).get(reverse("audits:version-import", args=[version.pk])).status_code == 403
    headers, rows = export_rows(version)
    with pytest.raises(DomainError):
        FrameworkImporter(version).apply("f.csv", write_csv(headers, rows[:1]), acting_user=business)


def test_removing_a_draft_standard_removes_its_questions(business, framework):
    draft = services.version_new_draft(acting_user=business, framework=framework)
    standard = draft.standards.get(reference="2")
    services.standard_remove(acting_user=business, standard=standard)
    assert not Standard.objects.filter(pk=standard.pk).exists()
    assert Question.objects.filter(standard__version=draft).count() == 2


def test_the_outsider_is_refused(outsider, version, client_for):
    client = client_for(outsider)
    assert client.get(reverse("audits:framework-list")).status_code == 403
    assert client.get(reverse("audits:version-detail", args=[version.pk])).status_code == 404
