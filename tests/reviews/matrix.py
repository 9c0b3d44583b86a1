from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from core.access_log import access_log_url
from reviews.services import cases, learning, practice, rapid
from subgroups.models import PartnershipGroup
from subgroups.services import groups as group_services
from tests.matrix import EVERY_ROLE, only, public

BU = ("business",)
DETAIL = ("business", "scrutineer")  # full readers by role
SUMMARY = (*DETAIL, "executive")  # and those who see the summary
READ_ALL = SUMMARY


def world(w) -> dict:
    """Case A notified, its rapid review chaired by the cast's chair (the member is on no
    panel), the agency lead's agency owing a return; referral B awaiting a decision; an LCSPR
    of case A with a milestone, a finding and a recommendation; a reviewer; a theme; a
    published and a draft briefing."""
    business, today = w["business"], timezone.localdate()
    group = group_services.group_save(
        acting_user=business, name="Matrix practice review sub-group", kind="subgroup", purpose="Reviews"
    )
    PartnershipGroup.objects.filter(pk=group.pk).update(remit=PartnershipGroup.Remit.PRACTICE_REVIEW)
    fields = {
        "age_band": "1_4",
        "category": "serious_harm",
        "incident_on": today - timedelta(days=10),
        "aware_on": today - timedelta(days=5),
        "summary": "Injuries not explained.",
    }
    case_a = cases.incident_record(
        acting_user=business, child_pseudonym="Child A", agencies=[w["organisation"]], **fields
    )
    cases.incident_notify(acting_user=business, incident=case_a, notified_on=today)
    review_a = case_a.rapid_review
    rapid.panel_set(acting_user=business, rapid_review=review_a, chair=w["chair"], members=[])
    rapid.panel_meeting_add(acting_user=business, rapid_review=review_a, date=today, purpose="Rapid review meeting")
    agency_return = rapid.returns_request(
        acting_user=business, rapid_review=review_a, organisations=[w["organisation"]]
    )[0]
    rapid.safety_action_add(
        acting_user=business,
        rapid_review=review_a,
        description="Check the siblings are safe",
        owner=w["member"],
        owner_organisation=None,
        due_date=today + timedelta(days=5),
    )
    rapid.rapid_review_decide(
        acting_user=business,
        rapid_review=review_a,
        decision="lcspr",
        decision_reasons="Criteria met",
        decided_on=today,
        decide_without_returns=True,
    )
    case_b = cases.referral_make(
        acting_user=w["agency_lead"],
        organisation=w["organisation"],
        referral_reason="Worried about learning",
        child_pseudonym="Child B",
        agencies=[],
        **fields,
    )
    reviewer = practice.reviewer_save(acting_user=business, name="Dr Rowan Reviewer", expertise="Neglect")
    practice.conflict_add(
        acting_user=business, reviewer=reviewer, description="Worked for the council", declared_on=today
    )
    lcspr = practice.practice_review_create(
        acting_user=business, kind="lcspr", title="Learning about injuries in babies", decided_on=today, incident=case_a
    )
    milestone = practice.milestone_save(
        acting_user=business, review=lcspr, title="Practitioner event", due_on=today + timedelta(days=30)
    )
    finding = practice.finding_add(acting_user=business, review=lcspr, text="Information was not shared")
    recommendation = practice.recommendation_add(
        acting_user=business, review=lcspr, finding=finding, text="Agree an information sharing protocol"
    )
    theme = learning.theme_save(acting_user=business, name="Information sharing")
    published = learning.briefing_save(
        acting_user=business,
        title="Sharing information about babies",
        **{name: f"Text for {name}" for name in ("background", "why_it_matters", "what_happened")},
        **{name: f"Text for {name}" for name in ("what_we_learned", "what_good_looks_like")},
        **{name: f"Text for {name}" for name in ("questions_for_practice", "resources")},
    )
    learning.briefing_publish(acting_user=business, briefing=published)
    draft = learning.briefing_save(acting_user=business, title="A draft briefing")
    return {
        "case_a": case_a,
        "case_b": case_b,
        "review_a": review_a,
        "agency_return": agency_return,
        "lcspr": lcspr,
        "milestone": milestone,
        "recommendation": recommendation,
        "reviewer": reviewer,
        "theme": theme,
        "briefing": published,
        "draft_briefing": draft,
    }


def _u(name, key=None):
    if key is None:
        return lambda w: reverse(f"reviews:{name}")
    return lambda w: reverse(f"reviews:{name}", args=[w[key].pk])


ENTRIES = {
    "core:access-log": only(*BU, url=lambda w: access_log_url(w["case_a"])),
    "reviews:pipeline": only(*EVERY_ROLE, url=_u("pipeline")),
    # Cases
    "reviews:incident-list": only(*EVERY_ROLE, url=_u("incident-list")),
    "reviews:incident-create": only(*BU, url=_u("incident-create")),
    "reviews:referral-create": only(*EVERY_ROLE, url=_u("referral-create")),
    "reviews:incident-detail": only(*SUMMARY, "chair", url=_u("incident-detail", "case_a")),
    "reviews:incident-edit": only(*BU, url=_u("incident-edit", "case_a")),
    "reviews:incident-notify": only(*BU, url=_u("incident-notify", "case_a")),
    "reviews:incident-accept": only(*BU, url=_u("incident-accept", "case_b"), method="post", status=302),
    "reviews:incident-rapid-review": only(*BU, url=_u("incident-rapid-review", "case_b"), method="post", status=302),
    "reviews:incident-close": only(*BU, url=_u("incident-close", "case_b")),
    "reviews:incident-history": only(*DETAIL, url=_u("incident-history", "case_a")),
    # Rapid reviews
    "reviews:rapid-review-detail": only(*SUMMARY, "chair", url=_u("rapid-review-detail", "review_a")),
    "reviews:rapid-review-edit": only("business", "chair", url=_u("rapid-review-edit", "review_a")),
    "reviews:rapid-review-panel": only(*BU, url=_u("rapid-review-panel", "review_a")),
    "reviews:panel-meeting-add": only("business", "chair", url=_u("panel-meeting-add", "review_a")),
    "reviews:return-request": only(*BU, url=_u("return-request", "review_a")),
    "reviews:safety-action-add": only(*BU, url=_u("safety-action-add", "review_a")),
    "reviews:rapid-review-decide": only("business", "chair", url=_u("rapid-review-decide", "review_a")),
    "reviews:returns-pull": only("business", "chair", url=_u("returns-pull", "review_a"), method="post", status=302),
    "reviews:rapid-review-send": only(*BU, url=_u("rapid-review-send", "review_a")),
    "reviews:panel-response": only(*BU, url=_u("panel-response", "review_a")),
    "reviews:rapid-review-pdf": only(*DETAIL, "chair", url=_u("rapid-review-pdf", "review_a")),
    "reviews:rapid-review-history": only(*DETAIL, url=_u("rapid-review-history", "review_a")),
    "reviews:return-list": only(*EVERY_ROLE, url=_u("return-list")),
    "reviews:return-detail": only(*DETAIL, "chair", "agency_lead", url=_u("return-detail", "agency_return")),
    # Practice reviews
    "reviews:practice-review-list": only(*EVERY_ROLE, url=_u("practice-review-list")),
    "reviews:practice-review-create": only(*BU, url=_u("practice-review-create")),
    "reviews:practice-review-detail": only(*SUMMARY, url=_u("practice-review-detail", "lcspr")),
    "reviews:practice-review-edit": only(*BU, url=_u("practice-review-edit", "lcspr")),
    "reviews:practice-review-panel": only(*BU, url=_u("practice-review-panel", "lcspr")),
    "reviews:milestone-add": only(*BU, url=_u("milestone-add", "lcspr")),
    "reviews:milestone-edit": only(
        *BU, url=lambda w: reverse("reviews:milestone-edit", args=[w["lcspr"].pk, w["milestone"].pk])
    ),
    "reviews:report-upload": only(*BU, url=_u("report-upload", "lcspr")),
    "reviews:pre-publication": only(*BU, url=_u("pre-publication", "lcspr")),
    "reviews:practice-review-complete": only(*BU, url=_u("practice-review-complete", "lcspr")),
    "reviews:practice-review-publish": only(*BU, url=_u("practice-review-publish", "lcspr")),
    "reviews:practice-review-pause": only(*BU, url=_u("practice-review-pause", "lcspr")),
    "reviews:practice-review-resume": only(*BU, url=_u("practice-review-resume", "lcspr"), method="post", status=302),
    "reviews:finding-add": only(*BU, url=_u("finding-add", "lcspr")),
    "reviews:recommendation-add": only(*BU, url=_u("recommendation-add", "lcspr")),
    "reviews:recommendation-plan": only(
        *BU, url=_u("recommendation-plan", "recommendation"), method="post", status=302
    ),
    "reviews:practice-review-history": only(*DETAIL, url=_u("practice-review-history", "lcspr")),
    # The reviewer directory
    "reviews:reviewer-list": only(*READ_ALL, url=_u("reviewer-list")),
    "reviews:reviewer-create": only(*BU, url=_u("reviewer-create")),
    "reviews:reviewer-detail": only(*READ_ALL, url=_u("reviewer-detail", "reviewer")),
    "reviews:reviewer-edit": only(*BU, url=_u("reviewer-edit", "reviewer")),
    "reviews:conflict-add": only(*BU, url=_u("conflict-add", "reviewer")),
    "reviews:reviewer-history": only(*BU, url=_u("reviewer-history", "reviewer")),
    # Learning
    "reviews:theme-list": only(*EVERY_ROLE, url=_u("theme-list")),
    "reviews:theme-create": only(*BU, url=_u("theme-create")),
    "reviews:theme-edit": only(*BU, url=_u("theme-edit", "theme")),
    "reviews:briefing-list": only(*EVERY_ROLE, url=_u("briefing-list")),
    "reviews:briefing-create": only(*BU, url=_u("briefing-create")),
    "reviews:briefing-detail": only(*EVERY_ROLE, url=_u("briefing-detail", "briefing")),
    "reviews:briefing-edit": only(*BU, url=_u("briefing-edit", "briefing")),
    "reviews:briefing-history": only(*BU, url=_u("briefing-history", "briefing")),
    "reviews:briefing-publish": only(*BU, url=_u("briefing-publish", "draft_briefing"), method="post", status=302),
    "reviews:dissemination-add": only(*BU, url=_u("dissemination-add", "briefing")),
    "reviews:briefing-public-list": public(_u("briefing-public-list")),
    "reviews:briefing-public": public(lambda w: reverse("reviews:briefing-public", args=[w["briefing"].slug])),
    "reviews:briefing-pdf": public(lambda w: reverse("reviews:briefing-pdf", args=[w["briefing"].slug])),
}
