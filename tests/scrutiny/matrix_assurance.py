"""The permission matrix for part A of scrutiny and assurance: the challenge log, escalations,
independent scrutiny, assurance requests, inspections and spotlights.

The world (keys start with "scr_"): an effectiveness group the cast's chair chairs and the
cast's member sits on; challenges put to the agency the cast's agency lead leads, one open and
raised in the effectiveness group's meeting, one answered; a challenge in that meeting's minutes not yet
logged; an escalation between the council and the agency at the manager stage; a scrutiny plan
with a planned and a done activity, a finding, a recommendation awaiting the Executive and one
accepted; an impact summary; assurance requests to the agency (one awaiting its report, one
received); an inspection; a spotlight with a question, authored by the agency lead. The cast's
executive member leads the police (a lead safeguarding partner).
"""

from datetime import date, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from scrutiny.services import assurance, challenges, escalations, scrutiny, spotlights
from subgroups.models import MinuteEntry, PartnershipGroup
from subgroups.services import groups as group_services
from subgroups.services import meetings as meeting_services
from tests.factories import OrganisationFactory
from tests.matrix import EVERY_ROLE, only

READ_ALL = ("business", "executive", "scrutineer")
BU = ("business",)
WRITERS = ("business", "scrutineer")  # independent scrutiny
RESPONDERS = ("business", "executive")  # the Executive's response to recommendations
HISTORY = ("business", "scrutineer")
RAISERS = (*READ_ALL, "chair")  # who raises challenges: the chair chairs groups
IN_MEETING = (*READ_ALL, "chair", "member")  # the sub-group's meeting
ESCALATION = (*READ_ALL, "agency_lead")  # involved: the agency is a party
MANAGES_ESCALATION = ("business", "agency_lead")
SPOTLIGHT_SETTERS = ("business", "chair")


def world(w) -> dict:
    business, lead, agency = w["business"], w["agency_lead"], w["organisation"]
    today = timezone.localdate()
    police = OrganisationFactory(
        name="Matrix Constabulary", kind="police", is_safeguarding_partner=True, is_relevant_agency=False
    )
    assign_perm("partnership.lead_organisation", w["executive"], police)
    group = group_services.group_save(
        acting_user=business,
        name="Matrix effectiveness sub-group",
        kind="subgroup",
        remit=PartnershipGroup.Remit.EFFECTIVENESS,
        purpose="Assurance",
    )
    group_services.membership_add(acting_user=business, group=group, person=w["chair"])
    group_services.membership_add(acting_user=business, group=group, person=w["member"])
    group_services.group_set_chair(acting_user=business, group=group, person=w["chair"])
    meeting = meeting_services.meeting_create(
        acting_user=business, group=group, date=date(2030, 3, 6), start_time=time(10), location="Room 2"
    )
    entry = MinuteEntry.objects.create(
        meeting=meeting, kind="challenge", text="Are return interviews offered within 72 hours?", directed_to="Police"
    )
    open_challenge = challenges.challenge_raise(
        acting_user=business,
        question="How is the neglect strategy used?",
        directed_to_organisation=agency,
        meeting=meeting,
    )
    answered = challenges.challenge_raise(
        acting_user=business, question="How many staff are trained?", directed_to_organisation=agency
    )
    challenges.challenge_answer(acting_user=lead, challenge=answered, response="Ninety per cent.")
    escalation = escalations.escalation_start(
        acting_user=business,
        title="Threshold for a strategy discussion",
        concern="Disagreement about whether the threshold was met.",
        stage="manager",
        started_on=today,
        who="Team managers",
        summary="Managers met.",
        raising_organisation=business.organisation,
        other_organisation=agency,
    )
    year = today.year if today.month >= 4 else today.year - 1
    plan = scrutiny.scrutiny_plan_create(acting_user=business, year=year, focus="Front-door decisions")
    planned = scrutiny.activity_add(
        acting_user=business, plan=plan, kind="deep_dive", title="Deep dive", planned_date=date(year + 1, 3, 31)
    )
    done = scrutiny.activity_add(
        acting_user=business, plan=plan, kind="practitioner_conversations", title="Talks", planned_date=today
    )
    scrutiny.activity_complete(acting_user=business, activity=done, done_on=today)
    finding = scrutiny.finding_add(acting_user=business, activity=done, kind="strength", text="Good supervision")
    awaiting = scrutiny.recommendation_add(acting_user=business, activity=done, text="Share the learning")
    accepted = scrutiny.recommendation_add(acting_user=business, activity=done, text="Audit supervision")
    scrutiny.recommendation_respond(
        acting_user=w["executive"], recommendation=accepted, decision="accepted", response="Agreed"
    )
    impact = scrutiny.impact_summary_add(
        acting_user=business, period_start=today - timedelta(days=90), period_end=today, text="Changes made."
    )
    requested = assurance.request_create(
        acting_user=business, organisation=agency, topic="Early help", detail="How do you know it works?"
    )
    received = assurance.request_create(
        acting_user=business, organisation=agency, topic="Supervision", detail="How is it audited?"
    )
    assurance.request_receive(
        acting_user=lead, request=received, upload=SimpleUploadedFile("r.pdf", b"%PDF-1.4 report")
    )
    inspection = assurance.inspection_record(
        acting_user=business,
        kind="jtai",
        title="Joint targeted area inspection",
        report_date=today,
        organisations=[agency],
        judgement="",
        summary="Strong front door.",
        monitoring_group=group,
    )
    spotlight = spotlights.spotlight_create(
        acting_user=business, theme="Neglect in under-fives", authors=[lead], group=group
    )
    spotlights.question_add(acting_user=business, spotlight=spotlight, text="What does your data show?")
    return {
        "scr_group": group,
        "scr_meeting": meeting,
        "scr_entry": entry,
        "scr_challenge": open_challenge,
        "scr_answered": answered,
        "scr_escalation": escalation,
        "scr_plan": plan,
        "scr_planned": planned,
        "scr_done": done,
        "scr_finding": finding,
        "scr_awaiting": awaiting,
        "scr_accepted": accepted,
        "scr_impact": impact,
        "scr_requested": requested,
        "scr_received": received,
        "scr_inspection": inspection,
        "scr_spotlight": spotlight,
    }


def _u(name, key=None, query=""):
    if key is None:
        return lambda w: reverse(f"scrutiny:{name}") + query
    return lambda w: reverse(f"scrutiny:{name}", args=[w[key].pk]) + query


ENTRIES = {
    # The challenge log
    "scrutiny:challenge-list": only(*EVERY_ROLE, url=_u("challenge-list")),
    "scrutiny:challenge-raise": only(*RAISERS, url=_u("challenge-raise")),
    "scrutiny:challenge-minuted": only(*EVERY_ROLE, url=_u("challenge-minuted")),
    "scrutiny:challenge-meeting": only(*IN_MEETING, url=_u("challenge-meeting", "scr_meeting")),
    "scrutiny:challenge-detail": only(*EVERY_ROLE, url=_u("challenge-detail", "scr_challenge")),
    "scrutiny:challenge-edit": only(*BU, url=_u("challenge-edit", "scr_challenge")),
    "scrutiny:challenge-answer": only("business", "agency_lead", url=_u("challenge-answer", "scr_challenge")),
    "scrutiny:challenge-close": only(*BU, url=_u("challenge-close", "scr_answered")),
    "scrutiny:challenge-escalate": only(*BU, url=_u("challenge-escalate", "scr_challenge")),
    "scrutiny:challenge-history": only(*HISTORY, url=_u("challenge-history", "scr_challenge")),
    # Escalations (need-to-know)
    "scrutiny:escalation-list": only(*EVERY_ROLE, url=_u("escalation-list")),
    "scrutiny:escalation-create": only("business", "agency_lead", "executive", url=_u("escalation-create")),
    "scrutiny:escalation-detail": only(*ESCALATION, url=_u("escalation-detail", "scr_escalation")),
    "scrutiny:escalation-stage": only(*MANAGES_ESCALATION, url=_u("escalation-stage", "scr_escalation")),
    "scrutiny:escalation-advance": only(*MANAGES_ESCALATION, url=_u("escalation-advance", "scr_escalation")),
    "scrutiny:escalation-resolve": only(*MANAGES_ESCALATION, url=_u("escalation-resolve", "scr_escalation")),
    "scrutiny:escalation-withdraw": only(*MANAGES_ESCALATION, url=_u("escalation-withdraw", "scr_escalation")),
    "scrutiny:escalation-history": only(*HISTORY, url=_u("escalation-history", "scr_escalation")),
    # Independent scrutiny
    "scrutiny:scrutiny-plan-list": only(*EVERY_ROLE, url=_u("scrutiny-plan-list")),
    "scrutiny:scrutiny-plan-create": only(*WRITERS, url=_u("scrutiny-plan-create")),
    "scrutiny:scrutiny-plan-detail": only(*EVERY_ROLE, url=_u("scrutiny-plan-detail", "scr_plan")),
    "scrutiny:scrutiny-plan-edit": only(*WRITERS, url=_u("scrutiny-plan-edit", "scr_plan")),
    "scrutiny:activity-add": only(*WRITERS, url=_u("activity-add", "scr_plan")),
    "scrutiny:activity-detail": only(*EVERY_ROLE, url=_u("activity-detail", "scr_done")),
    "scrutiny:activity-edit": only(*WRITERS, url=_u("activity-edit", "scr_planned")),
    "scrutiny:activity-done": only(*WRITERS, url=_u("activity-done", "scr_planned")),
    "scrutiny:activity-cancel": only(*WRITERS, url=_u("activity-cancel", "scr_planned")),
    "scrutiny:finding-add": only(*WRITERS, url=_u("finding-add", "scr_done")),
    "scrutiny:recommendation-add": only(*WRITERS, url=_u("recommendation-add", "scr_done")),
    "scrutiny:recommendation-detail": only(*EVERY_ROLE, url=_u("recommendation-detail", "scr_awaiting")),
    "scrutiny:recommendation-respond": only(*RESPONDERS, url=_u("recommendation-respond", "scr_awaiting")),
    "scrutiny:recommendation-implemented": only(*RESPONDERS, url=_u("recommendation-implemented", "scr_accepted")),
    "scrutiny:recommendation-action": only(*BU, url=_u("recommendation-action", "scr_accepted")),
    "scrutiny:impact-add": only(*WRITERS, url=_u("impact-add")),
    "scrutiny:impact-detail": only(*EVERY_ROLE, url=_u("impact-detail", "scr_impact")),
    # Assurance requests and inspections
    "scrutiny:request-list": only(*EVERY_ROLE, url=_u("request-list")),
    "scrutiny:request-create": only(*BU, url=_u("request-create")),
    "scrutiny:request-detail": only(*READ_ALL, "agency_lead", url=_u("request-detail", "scr_requested")),
    "scrutiny:request-edit": only(*BU, url=_u("request-edit", "scr_requested")),
    "scrutiny:request-receive": only("business", "agency_lead", url=_u("request-receive", "scr_requested")),
    "scrutiny:request-assess": only(*BU, url=_u("request-assess", "scr_received")),
    "scrutiny:request-withdraw": only(*BU, url=_u("request-withdraw", "scr_requested")),
    "scrutiny:inspection-list": only(*EVERY_ROLE, url=_u("inspection-list")),
    "scrutiny:inspection-create": only(*BU, url=_u("inspection-create")),
    "scrutiny:inspection-detail": only(*EVERY_ROLE, url=_u("inspection-detail", "scr_inspection")),
    "scrutiny:inspection-edit": only(*BU, url=_u("inspection-edit", "scr_inspection")),
    "scrutiny:inspection-finding-add": only(*BU, url=_u("inspection-finding-add", "scr_inspection")),
    # Spotlights
    "scrutiny:spotlight-list": only(*EVERY_ROLE, url=_u("spotlight-list")),
    "scrutiny:spotlight-create": only(*SPOTLIGHT_SETTERS, url=_u("spotlight-create")),
    "scrutiny:spotlight-detail": only(*EVERY_ROLE, url=_u("spotlight-detail", "scr_spotlight")),
    "scrutiny:spotlight-edit": only(*SPOTLIGHT_SETTERS, url=_u("spotlight-edit", "scr_spotlight")),
    "scrutiny:spotlight-question-add": only(*SPOTLIGHT_SETTERS, url=_u("spotlight-question-add", "scr_spotlight")),
    "scrutiny:spotlight-answer": only("agency_lead", url=_u("spotlight-answer", "scr_spotlight")),
    "scrutiny:spotlight-assure": only(*SPOTLIGHT_SETTERS, url=_u("spotlight-assure", "scr_spotlight")),
}
