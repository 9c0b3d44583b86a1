"""The permission matrix for the register of policies and procedures.

The world: a group (chaired by the cast's chair, with the cast's member in it) owns four
documents led by the business unit: one published (in force), one draft, one out for comments
to the agency lead's organisation (with a comment from the agency lead), one approved and
waiting to be published.
"""

from django.urls import reverse

from policies.services import consultation as consultation_services
from tests.matrix import only

from .builders import approved, consulted, draft, owning_group, published

BU = ("business",)
MANAGERS = ("business", "chair")  # the business unit and the owning group's chair (the lead is the business unit)
ALL = ("member", "agency_lead", "chair", "executive", "scrutineer", "business")
INSIDERS = ("business", "executive", "scrutineer", "chair", "member")


def world(w) -> dict:
    business = w["business"]
    group = owning_group(business, name="Procedures sub-group", chair=w["chair"], members=[w["member"]])
    in_force = published(business, group, title="Thresholds of need")
    drafting = draft(business, group, title="Whistle-blowing guidance")
    consulting = draft(business, group, title="Information-sharing agreement")
    consultation = consulted(business, consulting, [w["agency_lead"].organisation])
    comment = consultation_services.comment_add(
        acting_user=w["agency_lead"],
        consultation=consultation,
        organisation=w["agency_lead"].organisation,
        text="Section 3 should name the data protection officer.",
    )
    waiting = approved(business, draft(business, group, title="Neglect strategy"), group)
    return {
        "policy_group": group,
        "policy": in_force,
        "policy_draft": drafting,
        "policy_consulting": consulting,
        "consultation": consultation,
        "consultation_comment": comment,
        "policy_approved": waiting,
    }


def _u(name, key=None):
    return lambda w: reverse(f"policies:{name}", args=[w[key].pk] if key else [])


ENTRIES = {
    "policies:policy-list": only(*ALL, url=_u("policy-list")),
    "policies:policy-create": only(*BU, url=_u("policy-create")),
    "policies:learning-list": only(*ALL, url=_u("learning-list")),
    "policies:policy-detail": only(*ALL, url=_u("policy-detail", "policy")),
    "policies:policy-edit": only(*MANAGERS, url=_u("policy-edit", "policy")),
    "policies:policy-history": only("business", "scrutineer", url=_u("policy-history", "policy")),
    "policies:version-save": only(*MANAGERS, url=_u("version-save", "policy_draft")),
    "policies:review-start": only(*MANAGERS, url=_u("review-start", "policy")),
    "policies:policy-withdraw": only(*MANAGERS, url=_u("policy-withdraw", "policy")),
    "policies:consultation-open": only(*MANAGERS, url=_u("consultation-open", "policy_draft")),
    "policies:consultation-detail": only(*ALL, url=_u("consultation-detail", "consultation")),
    "policies:comment-add": only("business", "agency_lead", url=_u("comment-add", "consultation")),
    "policies:no-comments": only(
        "business", "agency_lead", url=_u("no-comments", "consultation"), method="post", status=302
    ),
    "policies:consultation-close": only(
        *MANAGERS, url=_u("consultation-close", "consultation"), method="post", status=302
    ),
    "policies:comment-answer": only(*MANAGERS, url=_u("comment-answer", "consultation_comment")),
    "policies:approval-request": only(*MANAGERS, url=_u("approval-request", "policy_draft")),
    "policies:approval-record": only(*MANAGERS, url=_u("approval-record", "policy_draft")),
    "policies:policy-publish": only(*MANAGERS, url=_u("policy-publish", "policy_approved")),
    "policies:adoption-list": only(*INSIDERS, url=_u("adoption-list", "policy")),
    # The executive member leads the police in the scrutiny world: a safeguarding partner adopts too.
    "policies:adoption-confirm": only("agency_lead", "executive", url=_u("adoption-confirm", "policy")),
    "policies:learning-add": only(*MANAGERS, url=_u("learning-add", "policy")),
}
