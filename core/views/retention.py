"""Retention: the business unit's pages for periods, legal holds, the review of what is due,
decisions to delete or anonymise, and the log of those decisions."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from .. import retention, selectors
from ..forms.retention import DisposeForm, HoldForm, ReleaseHoldForm, RetentionRuleForm
from ..history import render_history
from ..pagination import paginate
from ..roles import Role, has_role
from ..services import DomainError, refuse_unless
from .form_pages import AuthenticatedHttpRequest, form_response


def _business_unit_only(request: AuthenticatedHttpRequest) -> None:
    refuse_unless(has_role(request.user, Role.BUSINESS_UNIT))


def _policy(key: str) -> retention.Policy:
    try:
        return retention.policy(key)
    except DomainError:
        raise Http404("No such type of record") from None


def retention_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    _business_unit_only(request)
    counts = retention.due_counts()
    rows = [{"policy": p, "due": counts[p.record_type.key]} for p in retention.policies()]
    return render(
        request,
        "core/retention/overview.html",
        {
            "rows": rows,
            "total_due": sum(counts.values()),
            "holds": selectors.open_legal_holds().count(),
            "last_review": selectors.last_retention_review(),
            "recent": selectors.recent_disposals(),
        },
    )


@require_POST
def retention_run(request: AuthenticatedHttpRequest) -> HttpResponseRedirect:
    _business_unit_only(request)
    review = retention.run_review()
    if review.total_due:
        messages.success(request, f"The review found {review.total_due} records due for deletion or anonymisation")
    else:
        messages.success(request, "The review found nothing past its retention period")
    return redirect("core:retention-review")


@require_http_methods(["GET", "POST"])
def retention_rule_edit(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    _business_unit_only(request)
    policy = _policy(key)
    form = RetentionRuleForm(request.POST or None, policy=policy)
    return form_response(
        request,
        form,
        template="core/retention/rule_form.html",
        context={"policy": policy},
        on_valid=lambda data: retention.rule_save(
            acting_user=request.user, key=key, years=data["years"], action=data["action"], basis=data["basis"]
        ),
        success=lambda rule: (
            f"{policy.record_type.label}: kept for {rule.years} years, then {rule.get_action_display().lower()}"
        ),
        next_url="core:retention-review",
    )


def retention_rule_history(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    _business_unit_only(request)
    policy = _policy(key)
    rule = selectors.retention_rule_get(key)
    return render_history(
        request,
        rule,
        title=f"History of the retention period for {policy.record_type.label.lower()}",
        back_url=reverse("core:retention-review"),
    )


@require_http_methods(["GET", "POST"])
def retention_due(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """The records of one type past their period: choose some, give the reason, confirm."""
    _business_unit_only(request)
    policy = _policy(key)
    kind = policy.record_type
    page = paginate(request, retention.due(key))
    rows = [
        {
            "pk": record.pk,
            "description": kind.describe(record),
            "anchor": record.retention_anchor,
            "url": kind.url(record),
        }
        for record in page.object_list
    ]
    choices = [(row["pk"], row["description"]) for row in rows]
    form = DisposeForm(request.POST or None, choices=choices, action_label=policy.action_label)
    if request.method == "POST" and form.is_valid():
        try:
            entries = retention.dispose(
                acting_user=request.user, key=key, pks=form.cleaned_data["records"], reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            done = "deleted" if policy.action == "delete" else "anonymised"
            messages.success(request, f"{len(entries)} {kind.label.lower()} {done}. The decision is in the log.")
            return redirect("core:retention-due", key=key)
    return render(request, "core/retention/due.html", {"policy": policy, "page": page, "rows": rows, "form": form})


@require_http_methods(["GET", "POST"])
def hold_place(request: AuthenticatedHttpRequest, key: str, pk: int) -> HttpResponse:
    _business_unit_only(request)
    policy = _policy(key)
    subject = get_object_or_404(policy.record_type.queryset(), pk=pk)
    form = HoldForm(request.POST or None)
    return form_response(
        request,
        form,
        template="core/retention/hold_form.html",
        context={"policy": policy, "description": policy.record_type.describe(subject)},
        on_valid=lambda data: retention.hold_place(
            acting_user=request.user, key=key, subject=subject, reason=data["reason"]
        ),
        success=lambda hold: f"{hold.description} is on legal hold: it will not be deleted or anonymised",
        next_url="core:retention-holds",
    )


def hold_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _business_unit_only(request)
    active = selectors.open_legal_holds()
    released = paginate(request, selectors.released_legal_holds())
    labels = {t.key: t.label for t in retention.record_types()}
    return render(request, "core/retention/holds.html", {"active": active, "released": released, "labels": labels})


@require_http_methods(["GET", "POST"])
def hold_release(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _business_unit_only(request)
    hold = selectors.open_legal_hold_get(pk)
    form = ReleaseHoldForm(request.POST or None)
    return form_response(
        request,
        form,
        template="core/retention/hold_release.html",
        context={"hold": hold},
        on_valid=lambda data: retention.hold_release(acting_user=request.user, hold=hold, reason=data["reason"]),
        success=lambda hold: f"The legal hold on {hold.description} is released",
        next_url="core:retention-holds",
    )


def disposal_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    _business_unit_only(request)
    page = paginate(request, selectors.disposal_log_rows())
    return render(request, "core/retention/log.html", {"page": page})
