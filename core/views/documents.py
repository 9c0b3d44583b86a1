from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from .. import documents
from ..access_log import log_access
from ..models import AccessLog, Document


@require_safe
def document_download(request, pk: int):
    """Every uploaded file is served here, as an attachment, after its record's check."""
    document = Document.objects.filter(pk=pk).first()
    subject = document.subject if document else None
    access = documents.access_for(subject) if subject is not None else None
    if access is None or not access.can_view(request.user, subject):
        raise Http404("No such document")
    if access.restricted:
        log_access(request, subject, action=AccessLog.Action.DOWNLOAD, detail=document.original_name)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
