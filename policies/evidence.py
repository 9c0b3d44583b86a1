"""Adopted procedures as evidence an agency can cite (core.evidence): a Section 11 standard
asks how an agency works with others and follows the partnership's procedures, and each
adoption an agency's lead confirmed is evidence of it. The audits app reads these through
core.evidence, so it never imports this app."""

from django.urls import reverse

from core import evidence
from core.roles import has_any_role

from .models import Adoption, Policy

SOURCE = "policies.adoption"
ADOPTED_PROCEDURES = evidence.ADOPTED_PROCEDURES


def _adoptions():
    return Adoption.objects.select_related("version__policy", "confirmed_by").exclude(
        version__policy__status=Policy.Status.WITHDRAWN
    )


def _item(adoption: Adoption) -> evidence.EvidenceItem:
    version, policy = adoption.version, adoption.version.policy
    current = policy.published_version_id == version.pk
    detail = f"Version {version.number} adopted, confirmed by {adoption.confirmed_by.name}" + (
        "" if current else " (a later version is now in force)"
    )
    return evidence.EvidenceItem(
        reference=f"{SOURCE}:{adoption.pk}",
        source="Partnership procedures adopted",
        title=policy.title,
        detail=detail,
        on=adoption.confirmed_on,
        url=reverse("website:policy-detail", args=[policy.slug]),
    )


def adoptions_for(organisation, user) -> list[evidence.EvidenceItem]:
    """The organisation's confirmations, newest first (one query)."""
    if not has_any_role(user):
        return []
    rows = _adoptions().filter(organisation=organisation).order_by("-confirmed_on", "-pk")
    return [_item(adoption) for adoption in rows]


def adoption_get(identifier: str, user) -> evidence.EvidenceItem | None:
    if not identifier.isdigit() or len(identifier) > 18 or not has_any_role(user):
        return None
    adoption = _adoptions().filter(pk=int(identifier)).first()
    return _item(adoption) if adoption else None


def register() -> None:
    evidence.register(
        evidence.EvidenceSource(
            key=SOURCE,
            label="Partnership procedures adopted",
            description="The partnership’s published procedures the agency’s lead confirmed it has adopted",
            topics=frozenset({ADOPTED_PROCEDURES}),
            items_for=adoptions_for,
            get=adoption_get,
        )
    )
