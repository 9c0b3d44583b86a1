from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.selectors import latest_deadline_for
from core.services import DomainError, refuse_unless
from core.views.form_pages import post_action

from .. import permissions
from ..forms.meetings import PaperReuseForm, PaperUploadForm
from ..selectors import meetings as meeting_reads
from ..services import meetings as services


@require_http_methods(["GET", "POST"])
def paper_detail(request, pk: int):
    """The paper and, for its owner or the meeting's managers, the upload form."""
    paper = meeting_reads.paper_get_for_user(request.user, pk)
    can_upload = permissions.can_upload_paper(request.user, paper)
    form = PaperUploadForm(request.POST or None, request.FILES or None, initial={"summary": paper.summary})
    if request.method == "POST":
        refuse_unless(can_upload)
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
                elif result.same_title:
                    messages.warning(
                        request,
                        f"A paper with the same title went to {result.same_title[0].item.meeting}. "
                        "If it is the same paper, say so on this page.",
                    )
                return redirect(paper)
    deadline = latest_deadline_for(paper)
    can_manage = permissions.can_manage_meetings(request.user, paper.item.meeting.group)
    return render(
        request,
        "subgroups/paper_detail.html",
        {
            "paper": paper,
            "form": form,
            "can_upload": can_upload,
            "deadline": deadline,
            "can_see_meeting": meeting_reads.meeting_is_visible_to(request.user, paper.item.meeting_id),
            "can_flag": can_manage,
            "reuse_form": PaperReuseForm(paper=paper, initial={"presented_at": paper.previously_presented_at_id})
            if can_manage
            else None,
            "same_title": meeting_reads.papers_with_same_title(paper) if can_manage else [],
        },
    )


@require_POST
def paper_flag_reuse(request, pk: int):
    """The business unit (or chair) says where a paper was presented before, or that it was not."""
    paper = meeting_reads.paper_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_meetings(request.user, paper.item.meeting.group))
    form = PaperReuseForm(request.POST, paper=paper)
    if not form.is_valid():
        messages.error(request, form.errors["presented_at"][0])
        return redirect(paper)
    earlier = form.cleaned_data["presented_at"]
    return post_action(
        request,
        lambda: services.paper_flag_reuse(acting_user=request.user, paper=paper, presented_at=earlier),
        success=f"Flagged as presented at {earlier}" if earlier else "Marked as not presented before",
        next_url=paper,
    )
