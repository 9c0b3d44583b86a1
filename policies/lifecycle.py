"""Which moves a policy's status may make: a pure table, no database, tested on its own.

    draft ──consult──▶ in consultation ──close──▶ draft ──approve──▶ approved ──publish──▶ published
    published ──start review──▶ under review ──consult / approve──▶ … ──publish──▶ published
    any status but withdrawn ──withdraw──▶ withdrawn (the end)

While a policy is under review (or back in consultation or approved after a review) the version
in force stays published; a closed consultation returns to "draft" for a document never
published and to "under review" for one that is.
"""

DRAFT = "draft"
IN_CONSULTATION = "in_consultation"
APPROVED = "approved"
PUBLISHED = "published"
UNDER_REVIEW = "under_review"
WITHDRAWN = "withdrawn"

CONSULT = "consult"
CLOSE_CONSULTATION = "close_consultation"
APPROVE = "approve"
PUBLISH = "publish"
START_REVIEW = "start_review"
WITHDRAW = "withdraw"
EDIT_DRAFT = "edit_draft"

FROM = {
    CONSULT: {DRAFT, UNDER_REVIEW},
    CLOSE_CONSULTATION: {IN_CONSULTATION},
    APPROVE: {DRAFT, UNDER_REVIEW},
    PUBLISH: {APPROVED},
    START_REVIEW: {PUBLISHED},
    WITHDRAW: {DRAFT, IN_CONSULTATION, APPROVED, PUBLISHED, UNDER_REVIEW},
    EDIT_DRAFT: {DRAFT, UNDER_REVIEW},
}

REFUSALS = {
    CONSULT: "Only a draft, or a document under review, can be sent for consultation",
    CLOSE_CONSULTATION: "There is no consultation open",
    APPROVE: "Only a draft, or a document under review, can be approved: close the consultation first",
    PUBLISH: "Only an approved version can be published: record the group’s approval first",
    START_REVIEW: "Only a published document can be put under review",
    WITHDRAW: "This document is already withdrawn",
    EDIT_DRAFT: "The draft can change only while it is being drafted: not in consultation, approved or withdrawn",
}


class IllegalMove(ValueError):
    pass


def allowed(status: str, move: str) -> bool:
    return status in FROM[move]


def next_status(status: str, move: str, *, has_published_version: bool) -> str:
    """The status after `move`, or IllegalMove with the words to show the user."""
    if not allowed(status, move):
        raise IllegalMove(REFUSALS[move])
    if move == CONSULT:
        return IN_CONSULTATION
    if move == CLOSE_CONSULTATION:
        return UNDER_REVIEW if has_published_version else DRAFT
    if move == APPROVE:
        return APPROVED
    if move == PUBLISH:
        return PUBLISHED
    if move == START_REVIEW:
        return UNDER_REVIEW
    if move == WITHDRAW:
        return WITHDRAWN
    return status
