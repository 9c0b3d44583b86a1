"""What the public pages may read of the register: documents in force only (a published
version, not withdrawn), and of them only what was published: the title, type, summary, owning
group, the version in force with its publication date and document, and the review date. No
draft, consultation, comment, approval, adoption or person reaches a public page."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from .models import Policy

FIELDS = (
    "slug",
    "title",
    "kind",
    "summary",
    "review_date",
    "owner_group__name",
    "published_version__number",
    "published_version__published_on",
    "published_version__change_summary",
    "published_version__external_url",
    "published_version__document__original_name",
    "published_version__document__size",
)
KIND_LABELS = dict(Policy.Kind.choices)


@dataclass(frozen=True)
class PublishedDocument:
    slug: str
    title: str
    kind: str
    summary: str
    review_date: date | None
    owner_group: str
    version: int
    published_on: date
    change_summary: str
    external_url: str
    file_name: str
    file_size: int | None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def file_type(self) -> str:
        return self.file_name.rsplit(".", 1)[-1].upper() if "." in self.file_name else ""

    @property
    def is_external(self) -> bool:
        return not self.file_name and bool(self.external_url)


def _in_force() -> QuerySet[Policy]:
    return Policy.objects.filter(
        published_version__isnull=False, published_version__published_on__isnull=False
    ).exclude(status=Policy.Status.WITHDRAWN)


def published_documents(kind: str = "", search: str = "") -> QuerySet:
    """Rows (dicts) for a page of the public list; turn each into a PublishedDocument."""
    documents = _in_force()
    if kind in KIND_LABELS:
        documents = documents.filter(kind=kind)
    if search:
        documents = documents.filter(Q(title__icontains=search) | Q(summary__icontains=search))
    return documents.order_by("title", "pk").values(*FIELDS)


def as_published(row: dict) -> PublishedDocument:
    return PublishedDocument(
        slug=row["slug"],
        title=row["title"],
        kind=row["kind"],
        summary=row["summary"],
        review_date=row["review_date"],
        owner_group=row["owner_group__name"],
        version=row["published_version__number"],
        published_on=row["published_version__published_on"],
        change_summary=row["published_version__change_summary"],
        external_url=row["published_version__external_url"],
        file_name=row["published_version__document__original_name"] or "",
        file_size=row["published_version__document__size"],
    )


def published_document(slug: str) -> PublishedDocument | None:
    row = _in_force().filter(slug=slug).values(*FIELDS).first()
    return as_published(row) if row else None


def published_file(slug: str):
    """The uploaded file of the version in force (a core Document), or None."""
    policy = _in_force().filter(slug=slug).select_related("published_version__document").first()
    return policy.published_version.document if policy and policy.published_version.document_id else None


def kinds_in_force() -> list[tuple[str, str]]:
    present = set(_in_force().values_list("kind", flat=True).distinct())
    return [(value, label) for value, label in Policy.Kind.choices if value in present]
