"""The three steps every spreadsheet import shares: upload, dry run, confirm.

The app's view checks permission and passes its importer, the names of its own URLs and a
title; these functions do the rest, so the directory and the scorecard imports behave the
same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from .forms import UploadValidator
from .models import PendingImport
from .selectors import pending_import_for_user
from .services import imports, refuse, validation_messages
from .tabular import Importer, TableError

if TYPE_CHECKING:
    from partnership.models import User


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV or XLSX file with the same column headings as the export or template",
        validators=[UploadValidator(["csv", "xlsx"], max_bytes=5 * 1024 * 1024)],
        error_messages={"required": "Select a CSV or XLSX file", "empty": "The selected file is empty"},
    )


@dataclass
class ImportFlow:
    kind: str
    importer: Importer
    title: str
    back_url: str
    upload_url_name: str
    preview_url_name: str
    done_url: str
    columns_help: list[tuple[str, str]]


def _signed_in(request: HttpRequest) -> User:
    """The person importing (the app's view has already required someone signed in)."""
    user = request.user
    if not user.is_authenticated:
        refuse()
    return user


def import_upload(request: HttpRequest, flow: ImportFlow) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            flow.importer.preview(upload.name, content)
        except TableError as error:
            form.add_error("file", str(error))
        else:
            pending = imports.pending_import_create(
                acting_user=_signed_in(request), kind=flow.kind, filename=upload.name, content=content
            )
            return redirect(reverse(flow.preview_url_name, args=[pending.pk]))
    return render(request, "core/import_upload.html", {"form": form, "flow": flow})


def import_preview(request: HttpRequest, pending_id: int, flow: ImportFlow) -> HttpResponse:
    pending = _pending(request, pending_id, flow)
    try:
        preview = flow.importer.preview(pending.filename, bytes(pending.content))
    except TableError as error:
        messages.error(request, str(error))
        return redirect(reverse(flow.upload_url_name))
    if request.method == "POST":
        try:
            applied = imports.pending_import_apply(
                acting_user=_signed_in(request), pending=pending, importer=flow.importer
            )
        except TableError as error:
            messages.error(request, str(error))
            return redirect(reverse(flow.preview_url_name, args=[pending.pk]))
        except ValidationError as error:
            messages.error(request, "Nothing was imported: " + " ".join(validation_messages(error)))
            return redirect(reverse(flow.preview_url_name, args=[pending.pk]))
        counts = applied.counts
        messages.success(
            request,
            f"Imported {pending.filename}: {counts['create']} created, {counts['update']} changed, "
            f"{counts['unchanged']} unchanged",
        )
        return redirect(flow.done_url)
    return render(request, "core/import_preview.html", {"preview": preview, "pending": pending, "flow": flow})


def _pending(request: HttpRequest, pending_id: int, flow: ImportFlow) -> PendingImport:
    pending = pending_import_for_user(_signed_in(request), pending_id, kind=flow.kind)
    if pending is None:
        raise Http404("No such import")
    return pending
