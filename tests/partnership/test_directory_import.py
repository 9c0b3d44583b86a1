"""The stakeholder directory's import and export (CSV and XLSX)."""

import pytest
from django.urls import reverse

from core.models import PendingImport
from core.tabular import Action, TableError
from partnership.imports import OrganisationImporter
from partnership.models import Organisation
from tests.factories import OrganisationFactory

HEADER = "Name,Kind,Safeguarding partner,Audit duty,Parent organisation,Contact email\n"


def _preview(content: str, name="directory.csv"):
    return OrganisationImporter().preview(name, content.encode())


@pytest.mark.django_db
def test_good_file_previews_creates_and_changes_row_by_row():
    OrganisationFactory(name="Oakfield Primary School", kind="school", audit_duty="section_175", contact_email="")
    preview = _preview(
        HEADER
        + "Oakfield Primary School,School or academy,no,Section 157,,\n"
        + "Westbrook Youth Club,voluntary,no,Section 11,,hello@westbrook.example.org\n"
    )
    assert [r.action for r in preview.results] == [Action.UPDATE, Action.CREATE]
    assert preview.results[0].changes == [
        "Audit duty: “Section 175 (Education Act 2002)” to “Section 157 (Education Act 2002)”"
    ]
    assert preview.can_apply


@pytest.mark.django_db
def test_malformed_rows_are_refused_row_by_row_and_nothing_is_saved(business):
    content = (
        HEADER
        + "Westbrook Youth Club,Spaceship,no,Section 11,,\n"  # unknown kind
        + "Harbour Trust,NHS trust,maybe,Section 11,,\n"  # bad yes/no
        + "Twice Ltd,Other,no,Section 11,,\n"
        + "twice ltd,Other,no,Section 11,,\n"  # duplicate name (case-insensitive)
        + ",Other,no,Section 11,,\n"  # no name
        + "Fine Org,Other,yes,None,,\n"  # not a partner kind
        + "Lost Child,Other,no,None,Nowhere Council,\n"  # unknown parent
        + "Mailer,Other,no,None,,not-an-email\n"
        + "Good Org,Other,no,None,,\n"
    )
    preview = _preview(content)
    errors = {r.number: r.errors for r in preview.results}
    assert "Kind “Spaceship” is not one of" in errors[2][0]
    assert errors[3] == ["Safeguarding partner must be yes or no, not “maybe”"]
    assert errors[4] == ["The name “Twice Ltd” appears more than once in the file"]
    assert errors[5] == ["The name “twice ltd” appears more than once in the file"]
    assert errors[6] == ["Enter the organisation’s name"]
    assert "Only a local authority" in errors[7][0]
    assert errors[8] == ["Parent organisation “Nowhere Council” is not in the directory or the file"]
    assert errors[9] == ["Contact email “not-an-email” is not a valid email address"]
    assert preview.results[-1].action == Action.CREATE
    assert not preview.can_apply
    with pytest.raises(TableError):
        OrganisationImporter().apply("d.csv", content.encode(), acting_user=business)
    assert not Organisation.objects.filter(name="Good Org").exists()


@pytest.mark.django_db
def test_parent_loops_are_refused():
    preview = _preview(HEADER + "A Org,Other,no,None,B Org,\nB Org,Other,no,None,A Org,\n")
    assert all("lead back to itself" in r.errors[0] for r in preview.results)


@pytest.mark.django_db
def test_a_file_may_name_a_parent_it_creates_further_down(business):
    OrganisationImporter().apply(
        "d.csv",
        (
            HEADER
            + "Child Service,Youth justice,no,Section 11,Parent Council,\nParent Council,Local authority,yes,Section 11,,\n"
        ).encode(),
        acting_user=business,
    )
    child = Organisation.objects.get(name="Child Service")
    assert child.parent.name == "Parent Council"
    assert child.history.first().history_user == business


@pytest.mark.django_db
def test_export_reimports_without_change(business, client_for):
    parent = OrganisationFactory(name="Northbridge Council", kind="local_authority", is_safeguarding_partner=True)
    OrganisationFactory(
        name='=Tricky, "quoted" Org',
        kind="voluntary",
        parent=parent,
        address="1 High Street\nNorthbridge",
        contact_phone="+44 161 555 0100",
        website="https://example.org",
        is_active=False,
    )
    client = client_for(business)
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("partnership:directory-export", kwargs={"fmt": fmt}))
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="stakeholder-directory.{fmt}"'
        preview = OrganisationImporter().preview(f"directory.{fmt}", response.content)
        assert {r.action for r in preview.results} == {Action.UNCHANGED}, [
            (r.label, r.changes, r.errors) for r in preview.results if r.action != Action.UNCHANGED
        ]


@pytest.mark.django_db
def test_upload_preview_confirm_through_the_views(business, client_for):
    client = client_for(business)
    upload_url = reverse("partnership:directory-import")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        upload_url, {"file": SimpleUploadedFile("d.csv", (HEADER + "New Org,Other,no,None,,\n").encode())}
    )
    assert response.status_code == 302
    pending = PendingImport.objects.get()
    preview = client.get(response["Location"])
    assert b"1 to create" in preview.content
    assert not Organisation.objects.filter(name="New Org").exists()
    done = client.post(response["Location"])
    assert done.status_code == 302
    assert Organisation.objects.filter(name="New Org").exists()
    assert not PendingImport.objects.filter(pk=pending.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("d.csv", b"Colour,Kind\nred,Other\n", "columns the portal does not recognise"),
        ("d.csv", "Name,Kind\nCaf\xe9,Other\n".encode("latin-1"), "must be saved as UTF-8"),
        ("d.xlsx", b"just text pretending", "The selected file is not a real XLSX"),
        ("d.pdf", b"%PDF-1.4", "The selected file must be a CSV or XLSX"),
    ],
)
def test_upload_refuses_a_malformed_file_on_the_form(business, client_for, name, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(business).post(
        reverse("partnership:directory-import"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["file"])
    assert not PendingImport.objects.exists()


@pytest.mark.django_db
def test_another_persons_pending_import_is_not_found(business, client_for):
    other = PendingImport.objects.create(
        kind="directory", filename="x.csv", content=b"Name,Kind\nA,Other\n", created_by=business
    )
    from core.roles import Role
    from tests.factories import UserFactory

    colleague = UserFactory(roles=[Role.BUSINESS_UNIT])
    response = client_for(colleague).get(reverse("partnership:directory-import-preview", args=[other.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_columns_left_out_of_a_file_keep_their_saved_values(business):
    existing = OrganisationFactory(
        name="Oakfield Primary School", kind="school", contact_email="head@oakfield.example.org"
    )
    OrganisationImporter().apply(
        "d.csv", b"Name,Kind,Audit duty\nOakfield Primary School,School,Section 175\n", acting_user=business
    )
    existing.refresh_from_db()
    assert existing.audit_duty == "section_175"
    assert existing.contact_email == "head@oakfield.example.org"
