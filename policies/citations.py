"""The partnership's documents in force, offered through core.citable so that a Section 11
standard (in the audits app, which may not import this one) can cite one, and show whether the
organisation answering has confirmed it adopted it."""

from datetime import date

from django.db.models import F
from django.urls import reverse

from core import citable

from .models import Adoption, Policy

KEY = "policies.policy"


def _in_force():
    return Policy.objects.filter(published_version__isnull=False).exclude(status=Policy.Status.WITHDRAWN)


def _options() -> list[tuple[int, str]]:
    return list(_in_force().order_by("title").values_list("pk", "title"))


def _resolve(ids: list[int]) -> dict[int, citable.CitedDocument]:
    rows = _in_force().filter(pk__in=ids).values("pk", "title", "slug", "review_date", "published_version__number")
    return {
        row["pk"]: citable.CitedDocument(
            reference=citable.reference(KEY, row["pk"]),
            title=row["title"],
            url=reverse("website:policy-detail", args=[row["slug"]]),
            version=f"version {row['published_version__number']}",
            review_date=row["review_date"],
        )
        for row in rows
    }


def _adopted_by(organisation_id: int, ids: list[int]) -> dict[int, date]:
    """Adoption of the version in force only: confirming an earlier version does not count."""
    rows = Adoption.objects.filter(
        organisation_id=organisation_id, version__policy_id__in=ids, version__policy__published_version=F("version")
    ).values_list("version__policy_id", "confirmed_on")
    return dict(rows)


def register() -> None:
    citable.register(
        citable.Citable(
            key=KEY,
            label="Partnership policies and procedures",
            options=_options,
            resolve=_resolve,
            adopted_by=_adopted_by,
        )
    )
