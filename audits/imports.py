"""Import and export of a framework version's standards and questions (XLSX, or CSV).

One row per question; the standard's columns repeat on each of its rows (the first row of a
standard may carry its title alone). Importing into a draft makes the draft match the file:
questions are matched by reference and created, changed or removed; the file's order becomes
the order of standards and questions. The export writes what the import reads, so an
exported file re-imports without change. A file with any rejected row changes nothing.
"""

from dataclasses import dataclass, field

from django.db import transaction

from core.services import save_with_history
from core.tabular import Action, Column, Importer, Preview, Row, RowResult, TableError

from . import scoring
from .models import FrameworkVersion, Question, Standard

COLUMNS = [
    Column("standard", "Standard", required=True),
    Column("standard_title", "Standard title"),
    Column("standard_description", "Standard description"),
    Column("reference", "Question", required=True),
    Column("text", "Question text", required=True),
    Column("kind", "Kind of answer", required=True),
    Column("guidance", "Guidance"),
    Column("is_required", "Answer required"),
    Column("evidence_required", "Evidence required"),
    Column("allows_not_applicable", "Not applicable allowed"),
]
KIND_WORDS = {
    scoring.RATING: {"rating", "a rating on the framework’s scale", "a rating on the framework's scale", "rag"},
    scoring.YES_NO_PARTLY: {"yes_no_partly", "yes, no or partly", "yes/no/partly", "yes no partly", "yes/no"},
    scoring.NUMBER: {"number", "a number"},
    scoring.PERCENTAGE: {"percentage", "a percentage", "a percentage (0 to 100)", "%"},
    scoring.TEXT: {"text", "free text"},
}
KIND_LABELS = {
    scoring.RATING: "Rating",
    scoring.YES_NO_PARTLY: "Yes, no or partly",
    scoring.NUMBER: "Number",
    scoring.PERCENTAGE: "Percentage",
    scoring.TEXT: "Free text",
}
BOOLEANS = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False, "false": False, "0": False}
DEFAULTS = {"is_required": True, "evidence_required": False, "allows_not_applicable": False}
QUESTION_FIELDS = ("text", "kind", "guidance", "is_required", "evidence_required", "allows_not_applicable")
LIMITS = {"standard": 10, "reference": 12, "standard_title": 300}


@dataclass
class FrameworkPreview(Preview):
    removed: list[str] = field(default_factory=list)

    @property
    def can_apply(self) -> bool:
        changes = any(r.action in (Action.CREATE, Action.UPDATE) for r in self.results) or bool(self.removed)
        return self.count(Action.REJECT) == 0 and changes


class FrameworkImporter(Importer):
    columns = COLUMNS

    def __init__(self, version: FrameworkVersion):
        self.version = version

    def preview(self, filename: str, content: bytes) -> FrameworkPreview:
        from core.tabular import read_table

        rows = read_table(filename, content, self.columns)
        results = self.check_rows(rows)
        in_file = {r.cleaned["reference"] for r in results if r.cleaned}
        removed = [
            f"{q.reference} {q.text[:80]}"
            for q in Question.objects.filter(standard__version=self.version).order_by("standard__position", "position")
            if q.reference not in in_file
        ]
        return FrameworkPreview(results=results, removed=removed)

    def check_rows(self, rows: list[Row]) -> list[RowResult]:
        existing = {
            q.reference: q for q in Question.objects.filter(standard__version=self.version).select_related("standard")
        }
        references = [r.values.get("reference", "").strip() for r in rows]
        titles: dict[str, tuple[str, int]] = {}
        results = []
        for row in rows:
            result = self._check(row, existing, references, titles)
            results.append(result)
        for standard in self.version.standards.all():
            titles.setdefault(standard.reference, (standard.title, 0))
        for result in results:
            if result.cleaned and result.cleaned["standard"] not in titles:
                result.errors.append(f"Standard {result.cleaned['standard']} has no title on any of its rows")
                result.action = Action.REJECT
                result.cleaned = {}
        for result in results:
            if result.cleaned:
                result.cleaned["standard_title"] = titles[result.cleaned["standard"]][0]
        return results

    def _check(self, row: Row, existing: dict, references: list[str], titles: dict) -> RowResult:
        values = row.values
        reference = values.get("reference", "").strip()
        result = RowResult(number=row.number, label=reference or "(no reference)", action=Action.REJECT)
        errors = result.errors
        standard = values.get("standard", "").strip()
        if not standard:
            errors.append("Enter the standard’s reference, like 3")
        if not reference:
            errors.append("Enter the question’s reference, like 3.2")
        elif references.count(reference) > 1:
            errors.append(f"The question reference {reference} appears more than once in the file")
        for key, limit in LIMITS.items():
            if len(values.get(key, "")) > limit:
                errors.append(f"{_header(key)} must be {limit} characters or fewer")
        text = values.get("text", "").strip()
        if not text:
            errors.append("Enter the question text")
        kind = _kind(values.get("kind", ""))
        if kind is None:
            errors.append(
                f"Kind of answer “{values.get('kind', '')}” is not one of: rating, yes/no/partly, number, free text"
            )
        cleaned = {
            "standard": standard,
            "standard_description": values.get("standard_description", "").strip(),
            "reference": reference,
            "text": text,
            "kind": kind,
            "guidance": values.get("guidance", "").strip(),
        }
        for key, default in DEFAULTS.items():
            raw = values.get(key, "").strip().lower()
            if raw == "":
                cleaned[key] = default
            elif raw in BOOLEANS:
                cleaned[key] = BOOLEANS[raw]
            else:
                errors.append(f"{_header(key)} must be yes or no, not “{values[key]}”")
        title = " ".join(values.get("standard_title", "").split())
        if standard and title:
            seen = titles.get(standard)
            if seen and seen[0] != title:
                errors.append(f"Standard {standard} has a different title on row {seen[1]}")
            elif not seen:
                titles[standard] = (title, row.number)
        if errors:
            return result
        result.cleaned = cleaned
        current = existing.get(reference)
        if current is None:
            result.action = Action.CREATE
            return result
        result.instance = current
        result.changes = _changes(current, cleaned)
        result.action = Action.UPDATE if result.changes else Action.UNCHANGED
        return result

    def apply(self, filename: str, content: bytes, *, acting_user) -> FrameworkPreview:
        """Make the draft match the file in one transaction, or change nothing."""
        from .services.frameworks import _require_draft

        with transaction.atomic():
            version = FrameworkVersion.objects.select_for_update().get(pk=self.version.pk)
            _require_draft(version)
            preview = self.preview(filename, content)
            if not preview.can_apply:
                raise TableError("The file can no longer be imported as previewed; check it again")
            self._apply(preview, acting_user)
            return preview

    def _apply(self, preview: FrameworkPreview, acting_user) -> None:
        standards = {s.reference: s for s in self.version.standards.all()}
        questions = {q.reference: q for q in Question.objects.filter(standard__version=self.version)}
        wanted_standards: list[str] = []
        for result in preview.results:
            if result.cleaned["standard"] not in wanted_standards:
                wanted_standards.append(result.cleaned["standard"])
        keep = set(wanted_standards)
        in_file = {r.cleaned["reference"] for r in preview.results}
        for reference, question in questions.items():
            if reference not in in_file:
                question._history_user = acting_user
                question._change_reason = "Removed by an import"
                question.delete()
        for position, reference in enumerate(wanted_standards, start=1):
            first = next(r for r in preview.results if r.cleaned["standard"] == reference)
            standard = standards.get(reference) or Standard(version=self.version, reference=reference)
            title, description = first.cleaned["standard_title"], first.cleaned["standard_description"]
            if (
                standard.pk is None
                or standard.title != title
                or standard.description != description
                or standard.position != position
            ):
                standard.title, standard.description, standard.position = title, description, position
                save_with_history(standard, acting_user=acting_user, reason="Imported from a file")
            standards[reference] = standard
        positions: dict[str, int] = {}
        for result in preview.results:
            data = result.cleaned
            standard = standards[data["standard"]]
            positions[data["standard"]] = positions.get(data["standard"], 0) + 1
            question = questions.get(data["reference"]) or Question(reference=data["reference"])
            changed = (
                question.pk is None
                or question.standard_id != standard.pk
                or question.position != positions[data["standard"]]
                or any(getattr(question, name) != data[name] for name in QUESTION_FIELDS)
            )
            if not changed:
                continue
            question.standard = standard
            question.position = positions[data["standard"]]
            for name in QUESTION_FIELDS:
                setattr(question, name, data[name])
            save_with_history(question, acting_user=acting_user, reason="Imported from a file")
        for reference, standard in standards.items():
            if reference not in keep and standard.pk:
                standard._history_user = acting_user
                standard._change_reason = "Removed by an import"
                standard.delete()

    def apply_row(self, result: RowResult, *, acting_user) -> None:
        raise NotImplementedError("A framework is applied whole, by FrameworkImporter.apply")


def _kind(raw: str) -> str | None:
    text = " ".join(raw.strip().lower().split())
    for kind, words in KIND_WORDS.items():
        if text in words or text == KIND_LABELS[kind].lower():
            return kind
    return None


def _header(key: str) -> str:
    return next(c.header for c in COLUMNS if c.key == key)


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _changes(question: Question, cleaned: dict) -> list[str]:
    changes = []
    if question.standard.reference != cleaned["standard"]:
        changes.append(f"Standard: {question.standard.reference} to {cleaned['standard']}")
    for name in QUESTION_FIELDS:
        old, new = getattr(question, name), cleaned[name]
        if old != new:
            if isinstance(new, bool):
                old, new = _yes_no(old), _yes_no(new)
            elif name == "kind":
                old, new = KIND_LABELS[old], KIND_LABELS[new]
            changes.append(f"{_header(name)}: “{str(old)[:60]}” to “{str(new)[:60]}”")
    return changes


def export_rows(version: FrameworkVersion) -> tuple[list[str], list[list]]:
    headers = [c.header for c in COLUMNS]
    rows = []
    for standard in version.standards.order_by("position", "pk").prefetch_related("questions"):
        for question in sorted(standard.questions.all(), key=lambda q: (q.position, q.pk)):
            rows.append(
                [
                    standard.reference,
                    standard.title,
                    standard.description,
                    question.reference,
                    question.text,
                    KIND_LABELS[question.kind],
                    question.guidance,
                    _yes_no(question.is_required),
                    _yes_no(question.evidence_required),
                    _yes_no(question.allows_not_applicable),
                ]
            )
    return headers, rows
