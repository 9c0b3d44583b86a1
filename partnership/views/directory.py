from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.forms.reason import ReasonForm
from core.history import render_history
from core.import_views import ImportFlow, import_preview, import_upload
from core.pagination import paginate
from core.services import refuse_unless
from core.tabular import write_csv, write_xlsx
from core.views.form_pages import form_page, form_response

from .. import permissions, selectors, services
from ..forms import LeadsForm, OrganisationFilterForm, OrganisationForm
from ..imports import COLUMNS, OrganisationImporter, export_rows


def organisation_list(request):
    filter_form = OrganisationFilterForm(request.GET or None)
    organisations = selectors.organisation_list_for_user(request.user, filter_form)
    return render(
        request,
        "partnership/organisation_list.html",
        {
            "filter_form": filter_form,
            "page": paginate(request, organisations),
            "can_manage": permissions.can_manage_directory(request.user),
        },
    )


def organisation_detail(request, pk: int):
    organisation = selectors.organisation_get_for_user(request.user, pk)
    return render(
        request,
        "partnership/organisation_detail.html",
        {
            "organisation": organisation,
            "people": selectors.organisation_people(organisation),
            "children": selectors.organisation_children(organisation),
            "can_manage": permissions.can_manage_directory(request.user),
            "can_view_history": permissions.can_view_history(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def organisation_create(request):
    refuse_unless(permissions.can_manage_directory(request.user))
    return form_page(
        request,
        OrganisationForm(request.POST or None),
        title="Add an organisation",
        back_url=reverse("partnership:organisation-list"),
        submit="Add organisation",
        on_valid=lambda data: services.organisation_create(acting_user=request.user, **data),
        success=lambda organisation: f"{organisation} added to the directory",
        next_url=lambda organisation: organisation.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk: int):
    organisation = selectors.organisation_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_directory(request.user))
    return form_page(
        request,
        OrganisationForm(request.POST or None, instance=organisation),
        title=f"Change {organisation}",
        back_url=organisation.get_absolute_url(),
        submit="Save changes",
        on_valid=lambda data: services.organisation_update(acting_user=request.user, organisation=organisation, **data),
        success=lambda saved: f"{saved} updated",
        next_url=organisation.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def organisation_set_active(request, pk: int):
    organisation = selectors.organisation_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_directory(request.user))
    verb = "Deactivate" if organisation.is_active else "Reactivate"
    return form_page(
        request,
        ReasonForm(request.POST or None, hint="This is kept in the record’s history"),
        title=f"{verb} {organisation}",
        back_url=organisation.get_absolute_url(),
        intro=(
            "A deactivated organisation stays in the directory’s history and in every past record, but is no "
            "longer invited to audits or offered in lists."
            if organisation.is_active
            else ""
        ),
        submit=verb,
        danger=organisation.is_active,
        on_valid=lambda data: services.organisation_set_active(
            acting_user=request.user,
            organisation=organisation,
            active=not organisation.is_active,
            reason=data["reason"],
        ),
        success=lambda saved: f"{saved} {'reactivated' if saved.is_active else 'deactivated'}",
        next_url=organisation.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def organisation_leads(request, pk: int):
    organisation = selectors.organisation_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_directory(request.user))
    form = LeadsForm(
        request.POST or None, organisation=organisation, initial={"leads": selectors.lead_users(organisation)}
    )
    return form_response(
        request,
        form,
        template="partnership/organisation_leads.html",
        context={"organisation": organisation, "has_people": bool(form.fields["leads"].queryset)},
        on_valid=lambda data: services.organisation_set_leads(
            acting_user=request.user, organisation=organisation, leads=data["leads"]
        ),
        error_field="leads",
        success=f"Leads for {organisation} saved",
        next_url=organisation.get_absolute_url(),
    )


def organisation_history(request, pk: int):
    organisation = selectors.organisation_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_history(request.user))
    return render_history(
        request, organisation, title=f"History of {organisation}", back_url=organisation.get_absolute_url()
    )


def directory_export(request, fmt: str):
    refuse_unless(permissions.can_manage_directory(request.user))
    organisations = permissions.organisations_visible_to(request.user).select_related("parent").order_by("name")
    headers, rows = export_rows(organisations)
    if fmt == "xlsx":
        body = write_xlsx(headers, rows, title="Directory")
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = write_csv(headers, rows)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="stakeholder-directory.{fmt}"'
    return response


def _import_flow() -> ImportFlow:
    return ImportFlow(
        kind="directory",
        importer=OrganisationImporter(),
        title="Import the stakeholder directory",
        back_url=reverse("partnership:organisation-list"),
        upload_url_name="partnership:directory-import",
        preview_url_name="partnership:directory-import-preview",
        done_url=reverse("partnership:organisation-list"),
        columns_help=[(c.header, "Required" if c.required else "Optional") for c in COLUMNS],
    )


@require_http_methods(["GET", "POST"])
def directory_import(request):
    refuse_unless(permissions.can_manage_directory(request.user))
    return import_upload(request, _import_flow())


@require_http_methods(["GET", "POST"])
def directory_import_preview(request, pending_id: int):
    refuse_unless(permissions.can_manage_directory(request.user))
    return import_preview(request, pending_id, _import_flow())
