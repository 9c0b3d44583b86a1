"""What the public pages may read of the groups: the structure of the active groups, each
with its kind and purpose. No members, meetings, papers or decisions."""

from dataclasses import dataclass, field

from .models import PartnershipGroup

KIND_LABELS = dict(PartnershipGroup.Kind.choices)


@dataclass
class PublicGroup:
    name: str
    kind: str
    purpose: str
    children: list["PublicGroup"] = field(default_factory=list)


def group_structure() -> list[PublicGroup]:
    """Active groups as a tree: each under the group it reports to (one query)."""
    rows = list(
        PartnershipGroup.objects.filter(status=PartnershipGroup.Status.ACTIVE)
        .order_by("name")
        .values("pk", "name", "kind", "purpose", "reports_to_id")
    )
    nodes = {
        row["pk"]: PublicGroup(row["name"], KIND_LABELS.get(row["kind"], row["kind"]), row["purpose"]) for row in rows
    }
    roots = []
    for row in rows:
        parent = nodes.get(row["reports_to_id"])
        (parent.children if parent else roots).append(nodes[row["pk"]])
    return roots
