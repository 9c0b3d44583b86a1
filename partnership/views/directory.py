from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.history import render_history
from core.import_views import ImportFlow, import_preview, import_upload
from core.pagination import paginate
from core.services import DomainError
from core.tabular import write_csv, write_xlsx

from .. import permissions, selectors, services
from ..forms import LeadsForm, OrganisationFilterForm, OrganisationForm, ReasonForm
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
    if not permissions.can_manage_directory(request.user):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(acting_user=request.user, **form.cleaned_data)
        messages.success(request, f"{organisation} added to the directory")
        return redirect(organisation)
    return render(request, "partnership/organisation_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk: int):
    organisation = selectors.organisation_get_for_user(request.user, pk)
    if not permissions.can_manage_directory(request.user):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(acting_user=request.user, organisation=organisation, **form.cleaned_data)
        messages.success(request, f"{organisation} updated")
        return redirect(organisation)
    return render(request, "partnership/organisation_form.html", {"form": form, "organisation": organisation})


@require_http_methods(["GET", "POST"])
def organisation_set_active(request, pk: int):
    organisation = selectors.organisation_get_for_user(request.user, pk)
    if not permissions.can_manage_directory(request.user):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_set_active(
                acting_user=request.user,
                organisation=organisation,
                active=not organisation.is_active,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            state = "reactivated" if organisation.is_active else "deactivated"
            messages.success(request, f"{organisation} {state}")
            return redirect(organisation)
    return render(request, "partnership/organisation_set_active.html", {"form": form, "organisation": organisation})


@require_http_methods(["GET", "POST"])
def organisation_leads(request, pk: int):
    organisation = selectors.organisation_get_for_user(request.user, pk)
    if not permissions.can_manage_directory(request.user):
        raise PermissionDenied
    current = services.lead_users(organisation)
    form = LeadsForm(request.POST or None, organisation=organisation, initial={"leads": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_set_leads(
                acting_user=request.user, organisation=organisation, leads=form.cleaned_data["leads"]
            )
        except DomainError as error:
            form.add_error("leads", str(error))
        else:
            messages.success(request, f"Leads for {organisation} saved")
            return redirect(organisation)
    return render(
        request,
        "partnership/organisation_leads.html",
        {"form": form, "organisation": organisation, "has_people": bool(form.fields["leads"].queryset)},
    )


def organisation_history(request, pk: int):
    organisation = selectors.organisation_get_for_user(request.user, pk)
    if not permissions.can_view_history(request.user):
        raise PermissionDenied
    return render_history(
        request, organisation, title=f"History of {organisation}", back_url=organisation.get_absolute_url()
    )


def directory_export(request, fmt: str):
    if not permissions.can_manage_directory(request.user):
        raise PermissionDenied
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
    if not permissions.can_manage_directory(request.user):
        raise PermissionDenied
    return import_upload(request, _import_flow())


@require_http_methods(["GET", "POST"])
def directory_import_preview(request, pending_id: int):
    if not permissions.can_manage_directory(request.user):
        raise PermissionDenied
    return import_preview(request, pending_id, _import_flow())
