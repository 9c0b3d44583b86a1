"""Learning links: the learning waiting on documents, and linking learning to a document."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core import learning_sources
from core.pagination import paginate
from core.services import refuse_unless
from core.views.form_pages import form_page

from .. import permissions, selectors
from ..forms import LearningLinkForm, LearningSourceForm
from ..services import learning as services


def learning_list(request):
    refuse_unless(permissions.can_view_learning_register(request.user))
    page = paginate(request, selectors.learning_waiting(request.user))
    page.rows = selectors.learning_rows(request.user, list(page.object_list))
    return render(request, "policies/learning_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def learning_add(request, pk: int):
    """Two steps that work without JavaScript: which kind of record (a GET form), then which
    record and what should change."""
    policy = selectors.policy_get_for_user(request.user, pk)
    refuse_unless(permissions.can_link_learning(request.user, policy))
    sources = learning_sources.sources()
    chosen = learning_sources.source(request.GET.get("source", ""))
    if chosen is None:
        # Bound (and so showing its error) once someone has submitted the first step.
        step = LearningSourceForm(request.GET if "source" in request.GET else None, sources=sources)
        return render(
            request,
            "policies/learning_source.html",
            {"policy": policy, "form": step, "has_sources": bool(sources)},
        )
    form = LearningLinkForm(
        request.POST or None,
        choices=selectors.learning_source_choices(request.user, chosen),
        label=f"Which {chosen.label.lower()}",
    )
    return form_page(
        request,
        form,
        title="Link learning to this document",
        caption=policy.title,
        intro="The learning waits on this document until a published version answers it; then whoever owns it is told.",
        submit="Link the learning",
        back_url=policy.get_absolute_url(),
        on_valid=lambda data: services.change_request_add(
            acting_user=request.user,
            policy=policy,
            source_key=chosen.key,
            source_id=data["record"],
            what_should_change=data["what_should_change"],
        ),
        success="Learning linked: it is waiting on this document",
        next_url=lambda change: change.get_absolute_url(),
    )
