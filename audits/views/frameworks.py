"""Frameworks, their versions, standards and questions, and their spreadsheet import/export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core.history import render_history
from core.import_views import ImportUploadForm
from core.selectors import pending_import_for_user
from core.services import DomainError, imports, refuse_unless, validation_messages
from core.tabular import TableError, write_xlsx
from core.views.form_pages import form_response, post_action

from .. import permissions
from ..forms.frameworks import FrameworkCreateForm, FrameworkEditForm, QuestionForm, StandardForm, VersionForm
from ..imports import COLUMNS, FrameworkImporter, export_rows
from ..selectors import frameworks as framework_reads
from ..services import frameworks as services


def framework_list(request):
    frameworks = framework_reads.framework_list_for_user(request.user)
    return render(
        request,
        "audits/framework_list.html",
        {"frameworks": list(frameworks), "can_manage": permissions.can_manage_frameworks(request.user)},
    )


@require_http_methods(["GET", "POST"])
def framework_create(request):
    refuse_unless(permissions.can_manage_frameworks(request.user))
    form = FrameworkCreateForm(
        request.POST if request.method == "POST" else None, initial={"scale": "rag", "action_threshold": 3}
    )
    return form_response(
        request,
        form,
        template="audits/framework_form.html",
        context={},
        on_valid=lambda data: services.framework_create(acting_user=request.user, **data),
        success=lambda framework: f"{framework} created: add its standards and questions to the draft",
        next_url=lambda framework: framework.versions.get(),
    )


def framework_detail(request, pk: int):
    framework = framework_reads.framework_get_for_user(request.user, pk)
    return render(
        request,
        "audits/framework_detail.html",
        {
            "framework": framework,
            "versions": framework_reads.framework_versions(framework),
            "has_draft": framework_reads.has_draft_version(framework),
            "can_manage": permissions.can_manage_frameworks(request.user),
            "can_view_history": permissions.can_view_history(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def framework_edit(request, pk: int):
    framework = framework_reads.framework_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_frameworks(request.user))
    form = FrameworkEditForm(request.POST if request.method == "POST" else None, instance=framework)
    return form_response(
        request,
        form,
        template="audits/framework_edit.html",
        context={"framework": framework},
        on_valid=lambda data: services.framework_update(
            acting_user=request.user,
            framework=framework,
            name=data["name"],
            description=data["description"],
            duty=data.get("duty", framework.duty),
        ),
        success="Framework details saved",
        next_url=framework,
    )


def framework_history(request, pk: int):
    framework = framework_reads.framework_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_history(request.user))
    return render_history(request, framework, title=f"History of {framework}", back_url=framework.get_absolute_url())


def version_detail(request, pk: int):
    version = framework_reads.version_get_for_user(request.user, pk)
    return render(
        request,
        "audits/version_detail.html",
        {
            "version": version,
            "standards": framework_reads.version_standards(version),
            "can_edit": version.is_draft and permissions.can_manage_frameworks(request.user),
            "can_manage": permissions.can_manage_frameworks(request.user),
            "can_view_history": permissions.can_view_history(request.user),
        },
    )


def version_history(request, pk: int):
    version = framework_reads.version_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_history(request.user))
    return render_history(request, version, title=f"History of {version}", back_url=version.get_absolute_url())


def _draft(request, pk: int):
    version = framework_reads.version_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_frameworks(request.user))
    refuse_unless(version.is_draft, "A published version cannot be changed")
    return version


@require_http_methods(["GET", "POST"])
def version_edit(request, pk: int):
    version = _draft(request, pk)
    form = VersionForm(
        request.POST if request.method == "POST" else None,
        initial={"scale": version.scale, "action_threshold": version.action_threshold, "notes": version.notes},
    )
    return form_response(
        request,
        form,
        template="audits/version_form.html",
        context={"version": version},
        on_valid=lambda data: services.version_update(acting_user=request.user, version=version, **data),
        success="Scale and threshold saved",
        next_url=version,
    )


@require_POST
def version_publish(request, pk: int):
    version = _draft(request, pk)
    return post_action(
        request,
        lambda: services.version_publish(acting_user=request.user, version=version),
        success=f"Version {version.number} published: it can now be used, and can no longer be changed",
        next_url=version,
    )


@require_POST
def version_new_draft(request, pk: int):
    framework = framework_reads.framework_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_frameworks(request.user))
    try:
        draft = services.version_new_draft(acting_user=request.user, framework=framework)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(framework)
    messages.success(request, f"Version {draft.number} started as a draft copy of the latest published version")
    return redirect(draft)


def version_export(request, pk: int):
    version = framework_reads.version_get_for_user(request.user, pk)
    headers, rows = export_rows(version)
    response = HttpResponse(
        write_xlsx(headers, rows, title="Framework"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    slug = "".join(c if c.isalnum() else "-" for c in version.framework.name.lower()).strip("-")[:60]
    response["Content-Disposition"] = f'attachment; filename="{slug}-version-{version.number}.xlsx"'
    return response


def _import_kind(version) -> str:
    return f"audit_framework_{version.pk}"


@require_http_methods(["GET", "POST"])
def version_import(request, pk: int):
    version = _draft(request, pk)
    form = ImportUploadForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            FrameworkImporter(version).preview(upload.name, content)
        except TableError as error:
            form.add_error("file", str(error))
        else:
            pending = imports.pending_import_create(
                acting_user=request.user, kind=_import_kind(version), filename=upload.name, content=content
            )
            return redirect("audits:version-import-preview", version.pk, pending.pk)
    return render(
        request,
        "audits/version_import.html",
        {"form": form, "version": version, "columns": [(c.header, c.required) for c in COLUMNS]},
    )


@require_http_methods(["GET", "POST"])
def version_import_preview(request, pk: int, pending_id: int):
    version = _draft(request, pk)
    pending = pending_import_for_user(request.user, pending_id, kind=_import_kind(version))
    if pending is None:
        raise Http404("No such import")
    importer = FrameworkImporter(version)
    upload_url = reverse("audits:version-import", args=[version.pk])
    try:
        preview = importer.preview(pending.filename, bytes(pending.content))
    except TableError as error:
        messages.error(request, str(error))
        return redirect(upload_url)
    if request.method == "POST":
        try:
            imports.pending_import_apply(acting_user=request.user, pending=pending, importer=importer)
        except (TableError, DomainError) as error:
            messages.error(request, str(error))
            return redirect(request.path)
        except ValidationError as error:
            messages.error(request, "Nothing was imported: " + " ".join(validation_messages(error)))
            return redirect(request.path)
        counts = preview.counts
        messages.success(
            request,
            f"Imported {pending.filename}: {counts['create']} questions added, {counts['update']} changed, "
            f"{len(preview.removed)} removed",
        )
        return redirect(version)
    return render(
        request,
        "audits/version_import_preview.html",
        {"version": version, "preview": preview, "pending": pending, "upload_url": upload_url},
    )


@require_http_methods(["GET", "POST"])
def standard_add(request, pk: int):
    version = _draft(request, pk)
    form = StandardForm(request.POST if request.method == "POST" else None)
    return form_response(
        request,
        form,
        template="audits/standard_form.html",
        context={"version": version},
        on_valid=lambda data: services.standard_save(acting_user=request.user, version=version, **data),
        success=lambda standard: f"Standard {standard.reference} added",
        next_url=lambda standard: f"{version.get_absolute_url()}#standard-{standard.pk}",
    )


@require_http_methods(["GET", "POST"])
def standard_edit(request, pk: int, standard_pk: int):
    version = _draft(request, pk)
    standard = framework_reads.standard_of(version, standard_pk)
    form = StandardForm(request.POST if request.method == "POST" else None, instance=standard)
    return form_response(
        request,
        form,
        template="audits/standard_form.html",
        context={"version": version, "standard": standard},
        on_valid=lambda data: services.standard_save(
            acting_user=request.user, version=version, standard=standard, **data
        ),
        success=lambda standard: f"Standard {standard.reference} saved",
        next_url=lambda standard: f"{version.get_absolute_url()}#standard-{standard.pk}",
    )


@require_POST
def standard_remove(request, pk: int, standard_pk: int):
    version = _draft(request, pk)
    standard = framework_reads.standard_of(version, standard_pk)
    return post_action(
        request,
        lambda: services.standard_remove(acting_user=request.user, standard=standard),
        success=f"Standard {standard.reference} and its questions removed",
        next_url=version,
    )


@require_http_methods(["GET", "POST"])
def question_add(request, pk: int, standard_pk: int):
    version = _draft(request, pk)
    standard = framework_reads.standard_of(version, standard_pk)
    count = standard.questions.count() + 1
    form = QuestionForm(
        request.POST if request.method == "POST" else None, initial={"reference": f"{standard.reference}.{count}"}
    )
    return form_response(
        request,
        form,
        template="audits/question_form.html",
        context={"version": version, "standard": standard},
        on_valid=lambda data: services.question_save(acting_user=request.user, standard=standard, **data),
        success=lambda question: f"Question {question.reference} added",
        next_url=lambda question: f"{version.get_absolute_url()}#standard-{standard.pk}",
    )


@require_http_methods(["GET", "POST"])
def question_edit(request, pk: int, question_pk: int):
    version = _draft(request, pk)
    question = framework_reads.question_of(version, question_pk)
    form = QuestionForm(request.POST if request.method == "POST" else None, instance=question)
    return form_response(
        request,
        form,
        template="audits/question_form.html",
        context={"version": version, "standard": question.standard, "question": question},
        on_valid=lambda data: services.question_save(
            acting_user=request.user, standard=question.standard, question=question, **data
        ),
        success=lambda question: f"Question {question.reference} saved",
        next_url=lambda question: f"{version.get_absolute_url()}#standard-{question.standard_id}",
    )


@require_POST
def question_remove(request, pk: int, question_pk: int):
    version = _draft(request, pk)
    question = framework_reads.question_of(version, question_pk)
    return post_action(
        request,
        lambda: services.question_remove(acting_user=request.user, question=question),
        success=f"Question {question.reference} removed",
        next_url=version,
    )
