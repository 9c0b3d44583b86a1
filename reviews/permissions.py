"""Who may see and do what with cases, rapid reviews, practice reviews and learning.

Cases (serious incidents and referrals), rapid reviews, practice reviews and agency returns
are need-to-know records. There are two levels of reading:

FULL: everything recorded. The business unit, the independent scrutineer, a rapid review's
panel (its chair and members: django-guardian object permissions on the rapid review, the
need-to-know boundary) and a practice review's panel members and commissioned reviewer
(through the reviewer's portal account). People on a practice review also read the case and
the rapid review it came from, because the reviewer works from their facts.

SUMMARY: executive members oversee the statutory clock without case detail. They see the
reference, the route and stage, the incident category, the age band, the statutory dates
(awareness, notification, sent to the Panel, decision, publication) and the deadlines, the
decision and the Panel's response as outcomes, the learning themes, and for a practice review
its type, its title (written to be safe), the reviewer, milestones and publication dates and
how many findings and recommendations it has, with their action plans. They never see the
pseudonym, the summary, the date of the incident, the agencies involved, the referral reason,
the facts, the practice episodes, the learning, the context, the reasons for the decision, the
Panel's notes, the agency returns, the panel, the findings and recommendations themselves or
the reports (the fields are listed in SUMMARY_FIELDS, and the templates show them only).

Nobody else reads these records. An agency lead answers their agency's return requests: a
return shows the pseudonym, age band and date of the incident the agency needs to find its
records, and nothing else of the case, and the lead cannot open the review unless on its panel.

The 7-minute briefings, once published, are public. Learning themes and their counts are for
everyone in the partnership.
"""

from django.db.models import Q, QuerySet

from core.roles import READ_ALL_ROLES, Role, has_any_role, has_role
from partnership.permissions import led_organisation_ids

from .models import (
    AgencyReturn,
    Briefing,
    PracticeReview,
    PracticeReviewUserObjectPermission,
    RapidReview,
    RapidReviewUserObjectPermission,
    SeriousIncident,
)

FULL = "full"
SUMMARY = "summary"
CHAIR = "chair_rapid_review"
PANEL_MEMBER = "sit_on_rapid_review"
REVIEW_PANEL_MEMBER = "sit_on_practice_review"

# What an executive member sees of each record (and, by omission, what they do not).
SUMMARY_FIELDS = {
    "incident": ("reference", "route", "status", "category", "age_band", "aware_on", "notified_on"),
    "rapid_review": ("status", "started_on", "decision", "decided_on", "sent_on", "panel_response", "themes"),
    "practice_review": (
        "reference",
        "kind",
        "title",
        "status",
        "decided_on",
        "reviewer",
        "milestones",
        "publication_planned_on",
        "pre_publication_sent_on",
        "published_on",
        "may_come_down_on",
        "themes",
    ),
}


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _cache(user, name: str, compute):
    key = f"_reviews_{name}"
    if not hasattr(user, key):
        setattr(user, key, compute())
    return getattr(user, key)


def forget(user) -> None:
    """Drop what was worked out for this user object after their object roles change."""
    for name in ("panels", "chaired", "practice", "incidents", "rapid"):
        if hasattr(user, f"_reviews_{name}"):
            delattr(user, f"_reviews_{name}")


# Global roles ------------------------------------------------------------------------------


def manages_reviews(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT)


def reads_all_detail(user) -> bool:
    return has_role(user, Role.BUSINESS_UNIT, Role.SCRUTINEER)


def reads_summaries(user) -> bool:
    return has_role(user, *READ_ALL_ROLES)


def can_use_reviews(user) -> bool:
    """The reviews area (referring a case, return requests, themes, briefings)."""
    return has_any_role(user)


# Object roles: the panels and the reviewer -------------------------------------------------


def rapid_review_panel_ids(user) -> frozenset[int]:
    """Rapid reviews whose panel the person chairs or sits on."""
    if not _active(user):
        return frozenset()
    return _cache(
        user,
        "panels",
        lambda: frozenset(
            RapidReviewUserObjectPermission.objects.filter(
                user=user, permission__codename__in=[CHAIR, PANEL_MEMBER]
            ).values_list("content_object_id", flat=True)
        ),
    )


def rapid_review_panels_query(user) -> QuerySet:
    """rapid_review_panel_ids as a subquery (rapid review ids), costing no query of its own."""
    if not _active(user):
        return RapidReviewUserObjectPermission.objects.none().values("content_object_id")
    return RapidReviewUserObjectPermission.objects.filter(
        user=user, permission__codename__in=[CHAIR, PANEL_MEMBER]
    ).values("content_object_id")


def practice_reviews_q(user) -> Q:
    """practice_review_ids as a condition on a PracticeReview queryset, costing no query of its own."""
    if not _active(user):
        return Q(pk__in=[])
    return Q(reviewer__user=user) | Q(
        pk__in=PracticeReviewUserObjectPermission.objects.filter(
            user=user, permission__codename=REVIEW_PANEL_MEMBER
        ).values("content_object_id")
    )


def chaired_rapid_review_ids(user) -> frozenset[int]:
    if not _active(user):
        return frozenset()
    return _cache(
        user,
        "chaired",
        lambda: frozenset(
            RapidReviewUserObjectPermission.objects.filter(user=user, permission__codename=CHAIR).values_list(
                "content_object_id", flat=True
            )
        ),
    )


def practice_review_ids(user) -> frozenset[int]:
    """Practice reviews whose panel the person sits on, or that they were commissioned to write."""
    if not _active(user):
        return frozenset()
    return _cache(
        user,
        "practice",
        lambda: frozenset(
            PracticeReview.objects.filter(
                Q(reviewer__user=user)
                | Q(
                    pk__in=PracticeReviewUserObjectPermission.objects.filter(
                        user=user, permission__codename=REVIEW_PANEL_MEMBER
                    ).values("content_object_id")
                )
            ).values_list("pk", flat=True)
        ),
    )


def incident_ids_with_detail(user) -> frozenset[int]:
    """Cases the person reads in full through a panel or a review (not through a role)."""
    if not _active(user):
        return frozenset()

    def compute():
        rapid = RapidReview.objects.filter(pk__in=rapid_review_panel_ids(user)).values_list("incident_id", flat=True)
        practice = PracticeReview.objects.filter(pk__in=practice_review_ids(user), incident__isnull=False)
        return frozenset(rapid) | frozenset(practice.values_list("incident_id", flat=True))

    return _cache(user, "incidents", compute)


def rapid_review_ids_with_detail(user) -> frozenset[int]:
    if not _active(user):
        return frozenset()

    def compute():
        from_reviews = PracticeReview.objects.filter(pk__in=practice_review_ids(user), incident__isnull=False).values(
            "incident_id"
        )
        return rapid_review_panel_ids(user) | frozenset(
            RapidReview.objects.filter(incident_id__in=from_reviews).values_list("pk", flat=True)
        )

    return _cache(user, "rapid", compute)


# Cases -------------------------------------------------------------------------------------------


def incidents_visible_to(user) -> QuerySet[SeriousIncident]:
    if reads_summaries(user):
        return SeriousIncident.objects.all()
    if not _active(user):
        return SeriousIncident.objects.none()
    return SeriousIncident.objects.filter(pk__in=incident_ids_with_detail(user))


def incident_access(user, incident: SeriousIncident) -> str | None:
    if reads_all_detail(user) or incident.pk in incident_ids_with_detail(user):
        return FULL
    if reads_summaries(user):
        return SUMMARY
    return None


def can_record_incident(user) -> bool:
    """The business unit records serious incidents on the local authority's behalf (the local
    authority's leads share the notification deadline and its reminders). Anyone else brings a
    case as a referral."""
    return manages_reviews(user)


def can_refer(user) -> bool:
    """Any agency may refer a case to the practice review sub-group."""
    return has_any_role(user)


def can_manage_case(user) -> bool:
    return manages_reviews(user)


def can_view_history(user) -> bool:
    """History names the child and records every change: full readers by role only."""
    return reads_all_detail(user)


def can_view_access_log(user) -> bool:
    return manages_reviews(user)


# Rapid reviews -------------------------------------------------------------------------------------


def rapid_reviews_visible_to(user) -> QuerySet[RapidReview]:
    if reads_summaries(user):
        return RapidReview.objects.all()
    if not _active(user):
        return RapidReview.objects.none()
    return RapidReview.objects.filter(pk__in=rapid_review_ids_with_detail(user))


def rapid_review_access(user, rapid_review: RapidReview) -> str | None:
    if reads_all_detail(user) or rapid_review.pk in rapid_review_ids_with_detail(user):
        return FULL
    if reads_summaries(user):
        return SUMMARY
    return None


def is_panel_chair(user, rapid_review: RapidReview) -> bool:
    return rapid_review.pk in chaired_rapid_review_ids(user)


def can_edit_rapid_review(user, rapid_review: RapidReview) -> bool:
    """The facts, learning, meetings and decision: the business unit and the panel's chair,
    while the rapid review is in progress."""
    return rapid_review.is_open and (manages_reviews(user) or is_panel_chair(user, rapid_review))


def can_manage_rapid_review(user, rapid_review: RapidReview) -> bool:
    """The panel, return requests, immediate safety actions, sending to the Panel."""
    return manages_reviews(user)


# Agency returns ---------------------------------------------------------------------------------------


def returns_visible_to(user) -> QuerySet[AgencyReturn]:
    if reads_all_detail(user):
        return AgencyReturn.objects.all()
    if not _active(user):
        return AgencyReturn.objects.none()
    return AgencyReturn.objects.filter(
        Q(organisation_id__in=led_organisation_ids(user)) | Q(rapid_review_id__in=rapid_review_ids_with_detail(user))
    )


def can_view_return(user, agency_return: AgencyReturn) -> bool:
    return returns_visible_to(user).filter(pk=agency_return.pk).exists()


def can_answer_return(user, agency_return: AgencyReturn) -> bool:
    """The agency's lead answers; the business unit may record a return sent another way."""
    if not _active(user):
        return False
    if manages_reviews(user):
        return True
    return agency_return.organisation_id in led_organisation_ids(user)


# Practice reviews --------------------------------------------------------------------------------------


def practice_reviews_visible_to(user) -> QuerySet[PracticeReview]:
    if reads_summaries(user):
        return PracticeReview.objects.all()
    if not _active(user):
        return PracticeReview.objects.none()
    return PracticeReview.objects.filter(pk__in=practice_review_ids(user))


def practice_review_access(user, review: PracticeReview) -> str | None:
    if reads_all_detail(user) or review.pk in practice_review_ids(user):
        return FULL
    if reads_summaries(user):
        return SUMMARY
    return None


def is_reviewer(user, review: PracticeReview) -> bool:
    return _active(user) and review.reviewer_id is not None and review.reviewer.user_id == user.pk


def can_work_on_review(user, review: PracticeReview) -> bool:
    """Milestones, reports, findings and recommendations: the business unit and the reviewer."""
    return review.status != PracticeReview.Status.PUBLISHED and (manages_reviews(user) or is_reviewer(user, review))


def can_view_review_documents(user, review: PracticeReview) -> bool:
    return practice_review_access(user, review) == FULL


# Reviewer directory, themes, briefings ---------------------------------------------------------------


def can_view_reviewers(user) -> bool:
    return reads_summaries(user)


def can_manage_reviewers(user) -> bool:
    return manages_reviews(user)


def can_view_themes(user) -> bool:
    return has_any_role(user)


def can_manage_themes(user) -> bool:
    return manages_reviews(user)


def briefings_visible_to(user) -> QuerySet[Briefing]:
    """Drafts are the business unit's; published briefings are for everyone in the partnership
    (and the public, through the public pages)."""
    if manages_reviews(user):
        return Briefing.objects.all()
    if has_any_role(user):
        return Briefing.objects.filter(status=Briefing.Status.PUBLISHED)
    return Briefing.objects.none()


def can_manage_briefings(user) -> bool:
    return manages_reviews(user)


def can_view_pipeline(user) -> bool:
    return reads_summaries(user)
