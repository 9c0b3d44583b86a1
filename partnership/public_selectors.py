"""What the public pages may read of the partnership: its own details, the safeguarding
partners and the kinds of relevant agency (by name and type only), and the current strategic
priorities (without their leads). Nothing about people."""

from django.db.models import Count

from .models import Organisation, PartnershipDetails, StrategicPriority

KIND_LABELS = dict(Organisation.Kind.choices)


def site_context() -> dict:
    """For every public page's layout: the partnership's name."""
    return {"portal_name": PartnershipDetails.load().name}


def partnership_details() -> dict:
    details = PartnershipDetails.load()
    return {
        "name": details.name,
        "area": details.area,
        "description": details.description,
        "business_unit_email": details.business_unit_email,
        "has_logo": bool(details.logo),
    }


def safeguarding_partners() -> list[str]:
    return list(
        Organisation.objects.filter(is_active=True, is_safeguarding_partner=True)
        .order_by("name")
        .values_list("name", flat=True)
    )


def relevant_agencies_by_kind() -> list[dict]:
    """How many relevant agencies of each type the partners have named."""
    rows = (
        Organisation.objects.filter(is_active=True, is_relevant_agency=True, is_safeguarding_partner=False)
        .values("kind")
        .annotate(count=Count("pk"))
        .order_by("kind")
    )
    return sorted(
        ({"kind": KIND_LABELS.get(row["kind"], row["kind"]), "count": row["count"]} for row in rows),
        key=lambda row: (-row["count"], row["kind"]),
    )


def current_priorities() -> list[dict]:
    rows = StrategicPriority.objects.filter(is_active=True).order_by("position", "pk")
    return [
        {
            "title": row["title"],
            "description": row["description"],
            "period": f"{row['period_start']} to {row['period_end']}",
            "outcomes": [line.strip() for line in row["outcomes"].splitlines() if line.strip()],
        }
        for row in rows.values("title", "description", "period_start", "period_end", "outcomes")
    ]
