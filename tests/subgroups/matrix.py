from datetime import date, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core import documents
from subgroups.models import ActionPlan, MinuteEntry
from subgroups.services import groups as group_services
from subgroups.services import meetings as meeting_services
from subgroups.services import plans as plan_services
from subgroups.services import risks as risk_services
from tests.matrix import EVERY_ROLE, only

BU = ("business",)
READ_ALL = ("business", "executive", "scrutineer")
RUNS = ("business", "chair")  # the business unit and the group's chair
IN_GROUP = (*READ_ALL, "chair", "member")  # who sees the group's business


def world(w) -> dict:
    """A sub-group chaired by the cast's chair with the cast's member in it, a past meeting
    with a paper owed by the agency lead (who is not a member), a draft plan, a workplan,
    a risk and a forward plan item."""
    business = w["business"]
    group = group_services.group_save(acting_user=business, name="Test sub-group", kind="subgroup", purpose="Testing")
    group_services.membership_add(acting_user=business, group=group, person=w["chair"])
    membership = group_services.membership_add(acting_user=business, group=group, person=w["member"])
    group_services.group_set_chair(acting_user=business, group=group, person=w["chair"])
    executive = group_services.group_save(acting_user=business, name="Test Executive", kind="executive", purpose="x")
    meeting = meeting_services.meeting_create(
        acting_user=business, group=group, date=date(2030, 3, 6), start_time=time(10), location="Room 1"
    )
    item = meeting_services.agenda_item_add(acting_user=business, meeting=meeting, title="Spotlight", kind="assurance")
    paper = meeting_services.paper_add(acting_user=business, item=item, title="Spotlight paper", owner=w["agency_lead"])
    document = documents.store(
        upload=SimpleUploadedFile("p.pdf", b"%PDF-1.4 test"), subject=paper, uploaded_by=w["agency_lead"]
    )
    paper.document = document
    paper.save()
    meeting.pack = documents.store(
        upload=SimpleUploadedFile("pack.pdf", b"%PDF-1.4 pack"), subject=meeting, uploaded_by=business
    )
    meeting.save()
    entry = MinuteEntry.objects.create(
        meeting=meeting, item=item, kind="decision", text="Agreed", needs_ratification=True
    )
    plan = plan_services.plan_create(
        acting_user=business, title="Draft plan", owning_group=group, organisation=w["agency_lead"].organisation
    )
    action = plan_services.action_add(
        acting_user=business, plan=plan, description="Do it", owner=w["member"], due_date=date(2030, 6, 1)
    )
    workplan = plan_services.plan_create(
        acting_user=business, title="Workplan", owning_group=group, kind=ActionPlan.Kind.WORKPLAN, year=2030
    )
    risk = risk_services.risk_save(
        acting_user=business,
        group=group,
        title="Risk",
        cause="c",
        effect="e",
        likelihood=4,
        impact=4,
        owner=w["member"],
        target_likelihood=2,
        target_impact=2,
        review_date=date(2030, 1, 1),
    )
    held = meeting_services.meeting_create(
        acting_user=business,
        group=group,
        date=timezone.localdate() - timedelta(days=14),
        start_time=time(10),
        location="Room 2",
    )
    forward = group_services.forward_item_save(
        acting_user=business, group=group, title="Annual report", kind="annual_report", planned_meeting=meeting
    )
    return {
        "group": group,
        "executive_group": executive,
        "membership": membership,
        "meeting": meeting,
        "item": item,
        "paper": paper,
        "document": document,
        "entry": entry,
        "plan": plan,
        "action": action,
        "workplan": workplan,
        "risk": risk,
        "forward": forward,
        "held_meeting": held,
        "held_item": meeting_services.agenda_item_add(
            acting_user=business, meeting=held, title="Review of the quarter", kind="discussion"
        ),
    }


def _g(name):
    return lambda w: reverse(f"subgroups:{name}", args=[w["group"].pk])


def _m(name, *extra):
    return lambda w: reverse(f"subgroups:{name}", args=[w["meeting"].pk, *[e(w) for e in extra]])


def _item(w):
    return w["item"].pk


def _p(name, key="plan"):
    return lambda w: reverse(f"subgroups:{name}", args=[w[key].pk])


ENTRIES = {
    "subgroups:group-list": only(*EVERY_ROLE, url=lambda w: reverse("subgroups:group-list")),
    "subgroups:structure": only(*EVERY_ROLE, url=lambda w: reverse("subgroups:structure")),
    "subgroups:group-create": only(*BU, url=lambda w: reverse("subgroups:group-create")),
    "subgroups:group-detail": only(*EVERY_ROLE, url=_g("group-detail")),
    "subgroups:group-edit": only(*BU, url=_g("group-edit")),
    "subgroups:group-history": only(*READ_ALL, url=_g("group-history")),
    "subgroups:terms-list": only(*EVERY_ROLE, url=_g("terms-list")),
    "subgroups:terms-add": only(*RUNS, url=_g("terms-add")),
    "subgroups:member-add": only(*BU, url=_g("member-add")),
    "subgroups:member-edit": only(
        *BU, url=lambda w: reverse("subgroups:member-edit", args=[w["group"].pk, w["membership"].pk])
    ),
    "subgroups:member-end": only(
        *BU, url=lambda w: reverse("subgroups:member-end", args=[w["group"].pk, w["membership"].pk])
    ),
    "subgroups:chairs": only(*BU, url=_g("chairs")),
    "subgroups:forward-plan": only(*IN_GROUP, url=_g("forward-plan")),
    "subgroups:forward-add": only(*RUNS, url=_g("forward-add")),
    "subgroups:forward-edit": only(
        *RUNS, url=lambda w: reverse("subgroups:forward-edit", args=[w["group"].pk, w["forward"].pk])
    ),
    "subgroups:risk-register": only(*IN_GROUP, url=_g("risk-register")),
    "subgroups:risk-add": only(*RUNS, url=_g("risk-add")),
    "subgroups:meeting-create": only(*RUNS, url=_g("meeting-create")),
    "subgroups:executive-register": only(*READ_ALL, url=lambda w: reverse("subgroups:executive-register")),
    "subgroups:risk-detail": only(*IN_GROUP, url=_p("risk-detail", "risk")),
    "subgroups:risk-history": only(*IN_GROUP, url=_p("risk-history", "risk")),
    "subgroups:risk-edit": only(*RUNS, url=_p("risk-edit", "risk")),
    "subgroups:risk-close": only(*RUNS, url=_p("risk-close", "risk")),
    "subgroups:meeting-list": only(*EVERY_ROLE, url=lambda w: reverse("subgroups:meeting-list")),
    "subgroups:meeting-detail": only(*IN_GROUP, url=_m("meeting-detail")),
    "subgroups:meeting-history": only(*READ_ALL, url=_m("meeting-history")),
    "subgroups:meeting-edit": only(*RUNS, url=_m("meeting-edit")),
    "subgroups:item-add": only(*RUNS, url=_m("item-add")),
    "subgroups:item-edit": only(*RUNS, url=_m("item-edit", _item)),
    "subgroups:item-move": only(*RUNS, url=_m("item-move", _item, lambda w: "up"), method="post", status=302),
    "subgroups:item-summary": only(*RUNS, url=_m("item-summary", _item), method="post", status=302),
    "subgroups:item-remove": only(*RUNS, url=_m("item-remove", _item), method="post", status=302),
    "subgroups:paper-request": only(*RUNS, url=_m("paper-request", _item)),
    "subgroups:item-minutes": only(*RUNS, url=_m("item-minutes", _item)),
    "subgroups:entry-add": only(*RUNS, url=_m("entry-add", _item)),
    "subgroups:attendance": only(*RUNS, url=_m("attendance")),
    "subgroups:minutes-circulate": only(*RUNS, url=_m("minutes-circulate"), method="post", status=302),
    "subgroups:minutes-approve": only(*RUNS, url=_m("minutes-approve")),
    "subgroups:decision-ratify": only(
        *RUNS, url=_m("decision-ratify", lambda w: w["entry"].pk), method="post", status=302
    ),
    "subgroups:pack-download": only(*IN_GROUP, url=_m("pack-download"), status=302),
    "subgroups:pack-preview": only(*RUNS, url=_m("pack-preview")),
    "subgroups:pack-circulate": only(*RUNS, url=_m("pack-circulate"), method="post", status=302),
    "subgroups:minutes-pdf": only(
        *IN_GROUP, url=lambda w: reverse("subgroups:minutes-pdf", args=[w["held_meeting"].pk])
    ),
    "subgroups:paper-flag-reuse": only(
        *RUNS,
        url=_p("paper-flag-reuse", "paper"),
        method="post",
        status=302,
        data=lambda w: {"presented_at": ""},
    ),
    "subgroups:action-log-create": only(*RUNS, url=_m("action-log-create"), method="post", status=302),
    "subgroups:paper-detail": only(*IN_GROUP, "agency_lead", url=_p("paper-detail", "paper")),
    "subgroups:plan-list": only(*EVERY_ROLE, url=lambda w: reverse("subgroups:plan-list")),
    "subgroups:plan-create": only(*RUNS, url=lambda w: reverse("subgroups:plan-create")),
    # The draft plan belongs to the agency (its lead and member see it) and is owned by the group.
    "subgroups:plan-detail": only(*IN_GROUP, "agency_lead", url=_p("plan-detail")),
    "subgroups:plan-history": only(*IN_GROUP, "agency_lead", url=_p("plan-history")),
    "subgroups:action-add": only(*RUNS, url=_p("action-add")),
    "subgroups:plan-submit": only(*RUNS, url=_p("plan-submit"), method="post", status=302),
    "subgroups:plan-approve": only("chair", url=_p("plan-approve"), method="post", status=302),
    "subgroups:plan-return": only("chair", url=_p("plan-return")),
    "subgroups:plan-complete": only(*RUNS, url=_p("plan-complete"), method="post", status=302),
    "subgroups:plan-sign-off": only("chair", url=_p("plan-sign-off")),
    "subgroups:workplan-report": only(*IN_GROUP, url=_p("workplan-report", "workplan")),
    "subgroups:action-detail": only(*IN_GROUP, "agency_lead", url=_p("action-detail", "action")),
    "subgroups:action-edit": only(*RUNS, url=_p("action-edit", "action")),
    "subgroups:action-remove": only(*RUNS, url=_p("action-remove", "action"), method="post", status=302),
    "subgroups:action-sign-off": only("chair", url=_p("action-sign-off", "action")),
    # Documents are served by core, after the check their record's app registered: here, a paper.
    "core:document-download": only(
        *IN_GROUP, "agency_lead", url=lambda w: reverse("core:document-download", args=[w["document"].pk])
    ),
}
