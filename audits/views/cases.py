"""Multi-agency thematic case audits: the audit, its cases, each agency's answers per case,
the graded findings, the learning and the action plan. Cases are restricted records."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.access_log import log_access, restricted_read
from core.history import render_history
from core.pagination import paginate
from core.services import DomainError, refuse_unless
from core.views.form_pages import form_response, post_action
from subgroups.models import PartnershipGroup
from subgroups.selectors.groups import group_with_remit

from .. import permissions
from ..forms.answers import AnswersForm, rebased
from ..forms.cases import CaseAuditForm, CaseForm, FindingsForm, GradeForm, PlanGroupForm
from ..selectors import cases as case_reads
from ..selectors import frameworks as framework_reads
from ..services import cases as services
from .submissions import _conflict_message, conflict_view


def case_audit_list(request):
    audits = case_reads.case_audit_list_for_user(request.user)
    return render(
        request,
        "audits/case_audit_list.html",
        {"page": paginate(request, audits), "can_manage": permissions.can_manage_case_audits(request.user)},
    )


@require_http_methods(["GET", "POST"])
def case_audit_create(request):
    refuse_unless(permissions.can_manage_case_audits(request.user))
    form = CaseAuditForm(request.POST if request.method == "POST" else None)
    return form_response(
        request,
        form,
        template="audits/case_audit_form.html",
        context={},
        on_valid=lambda data: services.case_audit_create(acting_user=request.user, **data),
        success="Case audit planned and the agencies told: now add the cases in the sample",
        next_url=lambda case_audit: case_audit,
    )


def case_audit_detail(request, pk: int):
    case_audit = case_reads.case_audit_get_for_user(request.user, pk)
    participants = list(case_audit.participants.order_by("name"))
    led = permissions.led_organisation_ids(request.user)
    return render(
        request,
        "audits/case_audit_detail.html",
        {
            "case_audit": case_audit,
            "participants": participants,
            "grid": case_reads.case_grid(case_audit, participants),
            "my_organisations": [o for o in participants if o.pk in led],
            "plan": case_reads.case_audit_plan(case_audit),
            "can_manage": permissions.can_manage_case_audits(request.user) and case_audit.is_open,
            "can_plan": permissions.can_manage_case_audits(request.user),
            "can_view_history": permissions.can_view_history(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def case_audit_edit(request, pk: int):
    case_audit = case_reads.case_audit_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_case_audits(request.user))
    refuse_unless(case_audit.is_open, "The findings are agreed: the audit cannot change")
    form = CaseAuditForm(
        request.POST if request.method == "POST" else None,
        edit=True,
        initial={
            "title": case_audit.title,
            "theme": case_audit.theme,
            "scope": case_audit.scope,
            "returns_due": case_audit.returns_due,
            "participants": list(case_audit.participants.all()),
        },
    )
    return form_response(
        request,
        form,
        template="audits/case_audit_form.html",
        context={"case_audit": case_audit},
        on_valid=lambda data: services.case_audit_update(acting_user=request.user, case_audit=case_audit, **data),
        success="Case audit saved",
        next_url=case_audit,
    )


def case_audit_history(request, pk: int):
    case_audit = case_reads.case_audit_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_history(request.user))
    return render_history(request, case_audit, title=f"History of {case_audit}", back_url=case_audit.get_absolute_url())


@require_http_methods(["GET", "POST"])
def case_audit_findings(request, pk: int):
    case_audit = case_reads.case_audit_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_case_audits(request.user))
    refuse_unless(case_audit.is_open, "The findings are agreed: the audit cannot change")
    form = FindingsForm(
        request.POST if request.method == "POST" else None,
        initial={"summary": case_audit.summary, "learning": case_audit.learning},
    )
    return form_response(
        request,
        form,
        template="audits/case_audit_findings.html",
        context={"case_audit": case_audit},
        on_valid=lambda data: services.case_audit_findings_save(
            acting_user=request.user, case_audit=case_audit, **data
        ),
        success="Findings and learning saved",
        next_url=case_audit,
    )


@require_POST
def case_audit_complete(request, pk: int):
    case_audit = case_reads.case_audit_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_case_audits(request.user))
    return post_action(
        request,
        lambda: services.case_audit_complete(acting_user=request.user, case_audit=case_audit),
        success="Findings agreed: the audit is complete",
        next_url=case_audit,
    )


@require_http_methods(["GET", "POST"])
def case_audit_plan(request, pk: int):
    case_audit = case_reads.case_audit_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_case_audits(request.user))
    existing = case_reads.case_audit_plan(case_audit)
    if existing is not None:
        return redirect(existing)
    default = group_with_remit(PartnershipGroup.Remit.EFFECTIVENESS)
    form = PlanGroupForm(
        request.POST if request.method == "POST" else None, initial={"owning_group": default.pk if default else None}
    )
    return form_response(
        request,
        form,
        template="audits/case_audit_plan.html",
        context={"case_audit": case_audit},
        on_valid=lambda data: services.case_audit_plan_start(
            acting_user=request.user, case_audit=case_audit, owning_group=data["owning_group"]
        ),
        success="Action plan started: add the audit’s actions, then submit it to the chair",
        next_url=lambda plan: plan,
    )


@require_http_methods(["GET", "POST"])
def case_add(request, pk: int):
    case_audit = case_reads.case_audit_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_case_audits(request.user))
    form = CaseForm(
        request.POST if request.method == "POST" else None,
        initial={"pseudonym": f"Child {chr(65 + case_audit.cases.count() % 26)}"},
    )
    return form_response(
        request,
        form,
        template="audits/case_form.html",
        context={"case_audit": case_audit},
        on_valid=lambda data: services.case_save(acting_user=request.user, case_audit=case_audit, **data),
        success=lambda case: f"{case} added to the sample",
        next_url=case_audit,
    )


@restricted_read
def case_detail(request, pk: int):
    case = case_reads.case_get_for_user(request.user, pk)
    log_access(request, case)
    case_audit = case.case_audit
    participants = list(case_audit.participants.order_by("name"))
    led = permissions.led_organisation_ids(request.user)
    tool = case_audit.tool
    returns = case_reads.case_returns_shown(request.user, case)
    for case_return in returns:
        case_return.rows = [
            (a.question, a.value_label(a.question.kind, tool.scale), a.value_colour(a.question.kind, tool.scale), a)
            for a in sorted(case_return.answers.all(), key=lambda a: (a.question.standard_id, a.question.position))
        ]
    return render(
        request,
        "audits/case_detail.html",
        {
            "case": case,
            "case_audit": case_audit,
            "returns": returns,
            "my_organisations": [o for o in participants if o.pk in led],
            "can_manage": permissions.can_manage_case_audits(request.user) and case_audit.is_open,
            "can_view_history": permissions.can_view_history(request.user),
        },
    )


@restricted_read
def case_history(request, pk: int):
    case = case_reads.case_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_history(request.user))
    log_access(request, case, detail="History")
    return render_history(request, case, title=f"History of {case}", back_url=case.get_absolute_url())


@require_http_methods(["GET", "POST"])
def case_edit(request, pk: int):
    case = case_reads.case_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_case_audits(request.user))
    form = CaseForm(request.POST if request.method == "POST" else None, instance=case)
    return form_response(
        request,
        form,
        template="audits/case_form.html",
        context={"case_audit": case.case_audit, "case": case},
        on_valid=lambda data: services.case_save(
            acting_user=request.user, case_audit=case.case_audit, case=case, **data
        ),
        success="Case saved",
        next_url=case,
    )


@require_http_methods(["GET", "POST"])
def case_grade(request, pk: int):
    case = case_reads.case_get_for_user(request.user, pk)
    refuse_unless(permissions.can_manage_case_audits(request.user))
    log_access(request, case, detail="Grading")
    form = GradeForm(
        request.POST if request.method == "POST" else None,
        initial={"grade": case.grade, "findings": case.findings, "learning": case.learning},
    )
    return form_response(
        request,
        form,
        template="audits/case_grade.html",
        context={"case": case, "case_audit": case.case_audit},
        on_valid=lambda data: services.case_grade(acting_user=request.user, case=case, **data),
        success=f"{case} graded",
        next_url=case,
    )


@require_http_methods(["GET", "POST"])
def case_return(request, pk: int, organisation_pk: int):
    """One agency's answers for one case: answered by that agency's leads, read by the
    business unit."""
    case = case_reads.case_get_for_user(request.user, pk)
    case_audit = case.case_audit
    organisation = case_reads.participant_of(case_audit, organisation_pk)
    if organisation is None or not permissions.can_view_case_return(request.user, organisation_pk):
        raise Http404("No such return")
    case_return = case_reads.case_return_for(case, organisation.pk)
    answers = case_reads.case_answers(case_return)
    tool = case_audit.tool
    questions = framework_reads.all_questions(tool)
    editable = permissions.can_answer_case(request.user, case_audit, organisation.pk) and not (
        case_return and case_return.status == case_return.Status.SUBMITTED
    )
    form = AnswersForm(questions=questions, scale=tool.scale, answers=answers) if editable else None
    problems = []
    if request.method == "POST":
        refuse_unless(editable, "These answers cannot be changed now")
        form = AnswersForm(request.POST, questions=questions, scale=tool.scale, answers=answers)
        if form.is_valid():
            response, form = _save_case_answers(request, case, organisation, form, questions, tool, answers)
            if response is not None:
                return response
            problems = getattr(form, "problems", [])
    log_access(request, case, detail=f"Return from {organisation}")
    blocks = form.blocks() if form is not None else []
    return render(
        request,
        "audits/case_return.html",
        {
            "case": case,
            "case_audit": case_audit,
            "organisation": organisation,
            "case_return": case_return,
            "form": form,
            "problem_links": [{"href": f"{request.path}#q-{p.question.pk}", "message": p.message} for p in problems],
            "items": [
                {
                    "fields": b,
                    "conflict": conflict_view(form.conflicts[b.question.pk], tool.scale)
                    if b.question.pk in form.conflicts
                    else None,
                }
                for b in blocks
            ],
            "rows": [
                (q, answers.get(q.pk).value_label(q.kind, tool.scale) if q.pk in answers else "", answers.get(q.pk))
                for q in questions
            ],
            "editable": editable,
        },
    )


def _save_case_answers(request, case, organisation, form, questions, tool, answers):
    """Save the draft, then submit if asked: (a redirect, or None and the form to show)."""
    try:
        result = services.case_answers_save(
            acting_user=request.user, case=case, organisation=organisation, inputs=form.inputs()
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(case), form
    if result.conflicts:
        form = AnswersForm(
            rebased(request.POST, result.conflicts), questions=questions, scale=tool.scale, answers=answers
        )
        form.is_valid()
        for conflict in result.conflicts:
            form.add_error(form.first_field_name(conflict.question), _conflict_message(conflict))
            form.conflicts[conflict.question.pk] = conflict
        return None, form
    if "submit" not in request.POST:
        messages.success(request, "Your answers are saved as a draft")
        return redirect(request.path), form
    try:
        services.case_return_submit(acting_user=request.user, case=case, organisation=organisation)
    except services.CaseReturnIncomplete as error:
        form.problems = error.problems
        form.add_error(None, str(error))
        return None, form
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(request.path), form
    messages.success(request, f"{organisation}’s answers for {case} are submitted")
    return redirect(case), form
