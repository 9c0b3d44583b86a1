import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.roles import Role, user_roles
from partnership.models import BudgetContribution, Organisation, PartnershipDetails, StrategicPriority, User
from tests.factories import BudgetContributionFactory, OrganisationFactory, PriorityFactory
from tests.helpers import form_errors, post_edit

pytestmark = pytest.mark.django_db


def test_outsider_is_refused_the_directory_and_its_records(outsider, agency, client_for):
    client = client_for(outsider)
    assert client.get(reverse("partnership:organisation-list")).status_code == 403
    assert client.get(reverse("partnership:organisation-detail", args=[agency.pk])).status_code == 404
    assert client.get(reverse("partnership:people-list")).status_code == 403


def test_creating_an_organisation_redirects_to_it_with_a_message(business, client_for):
    response = client_for(business).post(
        reverse("partnership:organisation-create"),
        {
            "name": "  Westbrook   Youth Club ",
            "kind": "voluntary",
            "involvement": "wider_partnership",
            "audit_duty": "section_11",
            "is_relevant_agency": "on",
        },
        follow=True,
    )
    organisation = Organisation.objects.get(name="Westbrook Youth Club")
    assert response.redirect_chain[-1][0] == organisation.get_absolute_url()
    assert "Westbrook Youth Club added to the directory" in response.content.decode()


def test_a_bad_organisation_is_refused_and_what_was_typed_is_kept(business, agency, client_for):
    before = Organisation.objects.count()
    response = client_for(business).post(
        reverse("partnership:organisation-create"),
        {"name": agency.name.upper(), "kind": "spaceship", "contact_email": "nope", "address": "1 Road"},
    )
    assert response.status_code == 200
    errors = form_errors(response)
    assert errors["name"] == ["There is already an organisation with this name"]
    assert errors["kind"] == ["Select the kind of organisation"]
    assert errors["involvement"] == ["Select how the organisation is involved"]
    assert "1 Road" in response.content.decode()
    assert Organisation.objects.count() == before


def test_directory_filters_by_search_and_kind(member, client_for):
    OrganisationFactory(name="Oakfield Primary School", kind="school")
    OrganisationFactory(name="Oakfield Surgery", kind="gp_practice")
    OrganisationFactory(name="Closed Oakfield Nursery", kind="early_years", is_active=False)
    client = client_for(member)
    names = lambda response: [o.name for o in response.context["page"].object_list]  # noqa: E731
    assert names(client.get(reverse("partnership:organisation-list"), {"q": "oakfield"})) == [
        "Oakfield Primary School",
        "Oakfield Surgery",
    ]
    assert names(client.get(reverse("partnership:organisation-list"), {"q": "oak", "kind": "school"})) == [
        "Oakfield Primary School"
    ]
    assert names(client.get(reverse("partnership:organisation-list"), {"q": "oak", "status": "inactive"})) == [
        "Closed Oakfield Nursery"
    ]
    # Junk in the query string shows the default list, not an error.
    assert client.get(reverse("partnership:organisation-list"), {"kind": "nonsense", "page": "x"}).status_code == 200


def test_organisation_page_lists_people_and_marks_the_lead(agency_lead, member, client_for):
    response = client_for(member).get(reverse("partnership:organisation-detail", args=[agency_lead.organisation.pk]))
    people = response.context["people"]
    assert {p.name: p.is_lead for p in people} == {agency_lead.name: True, member.name: False}
    assert response.context["can_manage"] is False


def test_history_page_shows_who_changed_what_and_why(business, scrutineer, agency, client_for):
    post_edit(
        client_for(business),
        reverse("partnership:organisation-edit", args=[agency.pk]),
        {"name": agency.name, "kind": "nhs_trust", "involvement": "subgroup_member", "audit_duty": "section_11"},
    )
    response = client_for(scrutineer).get(reverse("partnership:organisation-history", args=[agency.pk]))
    content = response.content.decode()
    assert "Bea Business" in content
    assert "Involvement" in content and "Sub-group member" in content


def test_deactivating_an_organisation_needs_a_reason(business, agency, client_for):
    url = reverse("partnership:organisation-set-active", args=[agency.pk])
    response = client_for(business).post(url, {"reason": ""})
    assert form_errors(response)["reason"] == ["Enter the reason"]
    client_for(business).post(url, {"reason": "Merged into another trust"})
    agency.refresh_from_db()
    assert not agency.is_active


def test_invite_edit_and_deactivate_a_person_through_the_pages(
    business, agency, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(business)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partnership:user-invite"),
            {
                "name": "Nia Newcomer",
                "email": "nia@agency.example.org",
                "organisation": agency.pk,
                "roles": ["member"],
            },
        )
    person = User.objects.get(email="nia@agency.example.org")
    assert response["Location"] == person.get_absolute_url()
    assert len(mailoutbox) == 1
    post_edit(
        client,
        reverse("partnership:user-edit", args=[person.pk]),
        {"name": "Nia Newcomer", "organisation": agency.pk, "roles": ["member", "executive"]},
    )
    assert user_roles(User.objects.get(pk=person.pk)) == {Role.MEMBER, Role.EXECUTIVE}
    refused = client.post(reverse("partnership:user-deactivate", args=[person.pk]), {"reason": ""})
    assert form_errors(refused)["reason"] == ["Enter the reason"]
    client.post(reverse("partnership:user-deactivate", args=[person.pk]), {"reason": "Moved away"})
    assert not User.objects.get(pk=person.pk).is_active
    client.post(reverse("partnership:user-reactivate", args=[person.pk]))
    assert User.objects.get(pk=person.pk).is_active


def test_invite_refuses_bad_input(business, member, client_for):
    response = client_for(business).post(
        reverse("partnership:user-invite"),
        {"name": "", "email": member.email.upper(), "organisation": "999999", "roles": ["emperor"]},
    )
    errors = form_errors(response)
    assert errors["name"] == ["Enter the person’s full name"]
    assert errors["email"] == ["There is already an account with this email address"]
    assert errors["organisation"] == ["Select the person’s organisation from the list"]
    assert errors["roles"] == ["Select roles from the list"]


def test_members_see_active_people_only_and_the_business_unit_sees_all(business, member, client_for):
    gone = User.objects.create_user("gone@example.org", name="Gone Person", is_active=False)
    member_names = [p.name for p in client_for(member).get(reverse("partnership:people-list")).context["page"]]
    assert gone.name not in member_names
    assert client_for(member).get(reverse("partnership:person-detail", args=[gone.pk])).status_code == 404
    business_names = [p.name for p in client_for(business).get(reverse("partnership:people-list")).context["page"]]
    assert gone.name in business_names


def test_everyone_can_change_their_own_details_but_not_their_roles(outsider, client_for):
    client = client_for(outsider)
    response = post_edit(client, reverse("partnership:account-edit"), {"name": "", "job_title": "x"})
    assert form_errors(response)["name"] == ["Enter your full name"]
    post_edit(
        client, reverse("partnership:account-edit"), {"name": "Olly Renamed", "job_title": "Visitor", "phone": ""}
    )
    assert User.objects.get(pk=outsider.pk).name == "Olly Renamed"


def test_priority_form_refuses_bad_years(business, client_for):
    response = client_for(business).post(
        reverse("partnership:priority-create"),
        {"title": "Neglect", "description": "d", "period_start": "2028", "period_end": "2025", "position": "1"},
    )
    assert form_errors(response)["period_end"] == ["The last year must be the same as or after the first year"]
    response = client_for(business).post(
        reverse("partnership:priority-create"),
        {"title": "Neglect", "description": "d", "period_start": "20x5", "period_end": "3000", "position": "1"},
    )
    errors = form_errors(response)
    assert errors["period_start"] == ["Enter a year as 4 numbers, like 2025"]
    assert errors["period_end"] == ["Enter a year between 2000 and 2100"]
    assert not StrategicPriority.objects.exists()


def test_priority_page_lists_outcomes(member, client_for):
    priority = PriorityFactory(outcomes="Fewer repeat plans\n\nMore early help")
    response = client_for(member).get(priority.get_absolute_url())
    assert response.context["priority"].outcome_list == ["Fewer repeat plans", "More early help"]


def test_budget_shows_each_partners_share(executive, council, client_for):
    police = OrganisationFactory(name="Testshire Police", kind="police", is_safeguarding_partner=True)
    BudgetContributionFactory(organisation=council, cash_amount=60000, in_kind_amount=15000)
    BudgetContributionFactory(organisation=police, cash_amount=25000)
    year = client_for(executive).get(reverse("partnership:budget")).context["years"][0]
    assert year.total == 100000
    assert {s.contribution.organisation.name: str(s.share) for s in year.shares} == {
        council.name: "75.0",
        police.name: "25.0",
    }


def test_budget_form_refuses_negative_and_duplicate_contributions(business, council, client_for):
    BudgetContributionFactory(organisation=council, financial_year=2025)
    url = reverse("partnership:budget-create")
    response = client_for(business).post(
        url, {"financial_year": "2025", "organisation": council.pk, "cash_amount": "-5", "in_kind_amount": "0"}
    )
    assert form_errors(response)["cash_amount"] == ["Enter an amount of 0 or more"]
    response = client_for(business).post(
        url, {"financial_year": "2025", "organisation": council.pk, "cash_amount": "5", "in_kind_amount": "0"}
    )
    assert "already has a contribution" in str(form_errors(response)["__all__"])
    assert BudgetContribution.objects.count() == 1


def test_partnership_logo_must_be_a_real_image(business, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    svg = SimpleUploadedFile("logo.svg", b"<svg onload='alert(1)'></svg>", content_type="image/svg+xml")
    response = client_for(business).post(reverse("partnership:details"), {"name": "Testshire SCP", "logo": svg})
    assert form_errors(response)["logo"] == ["The selected file must be a PNG, JPG or JPEG"]
    fake = SimpleUploadedFile("logo.png", b"<html>not an image</html>")
    response = client_for(business).post(reverse("partnership:details"), {"name": "Testshire SCP", "logo": fake})
    assert form_errors(response)["logo"] == ["The selected file is not a real PNG file"]
    assert not PartnershipDetails.objects.filter(name="Testshire SCP").exists()


def test_report_a_concern_is_public_and_shows_the_partnerships_numbers(client, business, client_for):
    post_edit(
        client_for(business),
        reverse("partnership:details"),
        {"name": "Testshire SCP", "area": "Testshire", "concern_phone": "0300 555 0100"},
    )
    client.logout()
    response = client.get(reverse("partnership:report-concern"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "0300 555 0100" in content and "call 999" in content and "Testshire" in content


def test_home_page_fits_each_role(cast, client_for):
    outsider_home = client_for(cast["outsider"]).get(reverse("core:home")).content.decode()
    assert "does not have a role in the partnership" in outsider_home
    assert 'href="/directory/"' not in outsider_home
    lead_home = client_for(cast["agency_lead"]).get(reverse("core:home")).content.decode()
    assert "Lead for" in lead_home and cast["agency_lead"].organisation.name in lead_home
    business_home = client_for(cast["business"]).get(reverse("core:home")).content.decode()
    assert 'href="/directory/"' in business_home  # the Partnership section opens on the directory
    priorities = client_for(cast["business"]).get(reverse("partnership:priority-list")).content.decode()
    assert 'href="/priorities/" aria-current="page"' in priorities
