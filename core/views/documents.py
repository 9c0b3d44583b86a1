from django.http import FileResponse
from django.views.decorators.http import require_safe

from .. import selectors
from ..access_log import log_access
from ..models import AccessLog
from .form_pages import AuthenticatedHttpRequest


@require_safe
def document_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """Every uploaded file is served here, as an attachment, after its record's check."""
    document, subject, access = selectors.document_get_for_user(request.user, pk)
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
