from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.services import DomainError

from .. import permissions, selectors
from ..forms import PaperUploadForm
from ..services import meetings as services


@require_http_methods(["GET", "POST"])
def paper_detail(request, pk: int):
    """The paper and, for its owner or the meeting's managers, the upload form."""
    paper = selectors.paper_get_for_user(request.user, pk)
    can_upload = permissions.can_upload_paper(request.user, paper)
    form = PaperUploadForm(request.POST or None, request.FILES or None, initial={"summary": paper.summary})
    if request.method == "POST":
        if not can_upload:
            raise PermissionDenied
        if form.is_valid():
            try:
                result = services.paper_upload(
                    acting_user=request.user,
                    paper=paper,
                    upload=form.cleaned_data["file"],
                    summary=form.cleaned_data["summary"],
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, f"“{paper}” uploaded" + (" after its deadline" if result.paper.is_late else "")
                )
                if result.reused_from:
                    messages.warning(
                        request,
                        f"This paper was already presented at {result.reused_from}. "
                        "A paper should go to one meeting only: check it is needed again.",
                    )
                return redirect(paper)
    deadline = services._paper_deadline(paper)
    return render(
        request,
        "subgroups/paper_detail.html",
        {
            "paper": paper,
            "form": form,
            "can_upload": can_upload,
            "deadline": deadline,
            "can_see_meeting": permissions.meetings_visible_to(request.user).filter(pk=paper.item.meeting_id).exists(),
        },
    )
