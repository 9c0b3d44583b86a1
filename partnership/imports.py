"""Import and export of the stakeholder directory (CSV and XLSX).

Rows are matched to organisations by name (case-insensitive). Choice columns accept the
label as exported ("School or academy") or the code ("school"); yes/no columns accept
yes/no, true/false, y/n and 1/0. The export writes what the import reads, so an exported file
re-imports without change.
"""

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from core.services import save_with_history
from core.tabular import Action, Column, Importer, Row, RowResult

from .models import Organisation, parse_email_domains

COLUMNS = [
    Column("name", "Name", required=True),
    Column("kind", "Kind", required=True),
    Column("is_safeguarding_partner", "Safeguarding partner"),
    Column("is_relevant_agency", "Relevant agency"),
    Column("involvement", "Involvement"),
    Column("audit_duty", "Audit duty"),
    Column("parent", "Parent organisation"),
    Column("address", "Address"),
    Column("contact_name", "Contact name"),
    Column("contact_email", "Contact email"),
    Column("contact_phone", "Contact phone"),
    Column("website", "Website"),
    Column("email_domains", "Email domains"),
    Column("is_active", "Active"),
]
CHOICE_COLUMNS = {
    "kind": Organisation.Kind,
    "involvement": Organisation.Involvement,
    "audit_duty": Organisation.AuditDuty,
}
BOOLEAN_COLUMNS = ("is_safeguarding_partner", "is_relevant_agency", "is_active")
TRUE_WORDS = {"yes", "y", "true", "1"}
FALSE_WORDS = {"no", "n", "false", "0"}
DEFAULTS = {
    "is_safeguarding_partner": False,
    "is_relevant_agency": True,
    "involvement": Organisation.Involvement.WIDER_PARTNERSHIP,
    "audit_duty": Organisation.AuditDuty.SECTION_11,
    "is_active": True,
}
TEXT_LIMITS = {
    "name": 200,
    "contact_name": 200,
    "contact_phone": 50,
    "contact_email": 254,
    "website": 200,
    "email_domains": 500,
}


class OrganisationImporter(Importer):
    columns = COLUMNS

    def check_rows(self, rows: list[Row]) -> list[RowResult]:
        existing = {o.name.lower(): o for o in Organisation.objects.select_related("parent")}
        file_names = [r.values.get("name", "").strip().lower() for r in rows]
        results = [self._check(row, existing, file_names) for row in rows]
        _refuse_parent_loops(results, existing)
        return results

    def _check(self, row: Row, existing: dict, file_names: list[str]) -> RowResult:
        values = row.values
        name = " ".join(values.get("name", "").split())
        result = RowResult(number=row.number, label=name or "(no name)", action=Action.REJECT)
        errors = result.errors
        if not name:
            errors.append("Enter the organisation’s name")
        elif file_names.count(name.lower()) > 1:
            errors.append(f"The name “{name}” appears more than once in the file")
        cleaned = {"name": name}
        present = set(values)
        for key, limit in TEXT_LIMITS.items():
            if len(values.get(key, "")) > limit:
                errors.append(f"{_header(key)} must be {limit} characters or fewer")
        for key, choices in CHOICE_COLUMNS.items():
            if key not in present:
                continue
            raw = values[key]
            if raw == "" and key in DEFAULTS:
                cleaned[key] = DEFAULTS[key]
                continue
            choice = _choice(choices, raw)
            if choice is None:
                allowed = ", ".join(label for _, label in choices.choices)
                errors.append(f"{_header(key)} “{raw}” is not one of: {allowed}")
            else:
                cleaned[key] = choice
        for key in BOOLEAN_COLUMNS:
            if key not in present:
                continue
            raw = values[key].strip().lower()
            if raw == "":
                cleaned[key] = DEFAULTS[key]
            elif raw in TRUE_WORDS:
                cleaned[key] = True
            elif raw in FALSE_WORDS:
                cleaned[key] = False
            else:
                errors.append(f"{_header(key)} must be yes or no, not “{values[key]}”")
        for key in ("address", "contact_name", "contact_phone"):
            if key in present:
                cleaned[key] = values[key]
        if "contact_email" in present:
            cleaned["contact_email"] = values["contact_email"].lower()
            if cleaned["contact_email"]:
                try:
                    EmailValidator()(cleaned["contact_email"])
                except ValidationError:
                    errors.append(f"Contact email “{cleaned['contact_email']}” is not a valid email address")
        if "website" in present:
            cleaned["website"] = values["website"]
            if cleaned["website"]:
                try:
                    URLValidator()(cleaned["website"])
                except ValidationError:
                    errors.append(f"Website “{cleaned['website']}” is not a valid web address (start it with https://)")
        if "email_domains" in present:
            try:
                cleaned["email_domains"] = ", ".join(parse_email_domains(values["email_domains"]))
            except ValidationError as error:
                errors.append(f"Email domains: {error.messages[0]}")
        if "parent" in present:
            parent_name = " ".join(values["parent"].split())
            cleaned["parent_name"] = parent_name
            if parent_name:
                if parent_name.lower() == name.lower():
                    errors.append("An organisation cannot be its own parent")
                elif parent_name.lower() not in existing and parent_name.lower() not in file_names:
                    errors.append(f"Parent organisation “{parent_name}” is not in the directory or the file")
        current = existing.get(name.lower())
        is_partner = cleaned.get("is_safeguarding_partner", current.is_safeguarding_partner if current else False)
        kind = cleaned.get("kind", current.kind if current else None)
        if is_partner and kind not in Organisation.PARTNER_KINDS:
            errors.append(
                "Only a local authority, an integrated care board or the police can be a safeguarding partner"
            )
        if errors:
            return result
        result.cleaned = cleaned
        if current is None:
            result.action = Action.CREATE
            return result
        result.instance = current
        result.changes = _changes(current, cleaned)
        result.action = Action.UPDATE if result.changes else Action.UNCHANGED
        return result

    def apply(self, filename, content, *, acting_user):
        preview = super().apply(filename, content, acting_user=acting_user)
        self._link_parents(preview, acting_user)
        return preview

    def apply_row(self, result: RowResult, *, acting_user) -> None:
        data = {k: v for k, v in result.cleaned.items() if k != "parent_name"}
        organisation = result.instance or Organisation()
        for key, value in data.items():
            setattr(organisation, key, value)
        if result.instance is None:
            # Parents are linked after every row exists (a file may list a child first).
            organisation.parent = None
        save_with_history(
            organisation,
            acting_user=acting_user,
            reason="Imported from a file",
            clean=False,
        )
        result.instance = organisation

    def _link_parents(self, preview, acting_user) -> None:
        by_name = {o.name.lower(): o for o in Organisation.objects.all()}
        for result in preview.results:
            if result.action not in (Action.CREATE, Action.UPDATE) or "parent_name" not in result.cleaned:
                continue
            organisation = by_name[result.cleaned["name"].lower()]
            parent_name = result.cleaned["parent_name"].lower()
            parent = by_name.get(parent_name) if parent_name else None
            if organisation.parent_id != (parent.pk if parent else None):
                organisation.parent = parent
                save_with_history(organisation, acting_user=acting_user, reason="Imported from a file")


def _refuse_parent_loops(results: list[RowResult], existing: dict) -> None:
    """Reject rows whose parent chain (after the import) would lead back to themselves."""
    parent_of = {name: (o.parent.name.lower() if o.parent else "") for name, o in existing.items()}
    for result in results:
        if result.cleaned and "parent_name" in result.cleaned:
            parent_of[result.cleaned["name"].lower()] = result.cleaned["parent_name"].lower()
    for result in results:
        if not result.cleaned:
            continue
        start = result.cleaned["name"].lower()
        seen, current = set(), parent_of.get(start, "")
        while current and current not in seen:
            if current == start:
                result.errors.append("Its parent organisations lead back to itself")
                result.action = Action.REJECT
                break
            seen.add(current)
            current = parent_of.get(current, "")


def _choice(choices, raw: str):
    text = raw.strip().lower()
    for value, label in choices.choices:
        # The label as exported, the code, or the label without its bracketed part
        # ("Section 175" for "Section 175 (Education Act 2002)").
        if text in (value.lower(), label.lower(), label.split(" (")[0].lower()):
            return value
    return None


def _header(key: str) -> str:
    return next(c.header for c in COLUMNS if c.key == key)


def _changes(organisation: Organisation, cleaned: dict) -> list[str]:
    changes = []
    for key, value in cleaned.items():
        if key == "parent_name":
            current = organisation.parent.name if organisation.parent else ""
            if current.lower() != value.lower():
                changes.append(f"Parent organisation: “{current or '(none)'}” to “{value or '(none)'}”")
            continue
        if key == "name":
            if organisation.name != value:
                changes.append(f"Name: “{organisation.name}” to “{value}”")
            continue
        current = getattr(organisation, key)
        if current != value:
            changes.append(f"{_header(key)}: “{_show(key, current)}” to “{_show(key, value)}”")
    return changes


def _show(key: str, value) -> str:
    if key in BOOLEAN_COLUMNS:
        return "yes" if value else "no"
    if key in CHOICE_COLUMNS:
        return CHOICE_COLUMNS[key](value).label
    return str(value)


def export_rows(organisations) -> tuple[list[str], list[list]]:
    headers = [c.header for c in COLUMNS]
    rows = [
        [
            o.name,
            o.get_kind_display(),
            "yes" if o.is_safeguarding_partner else "no",
            "yes" if o.is_relevant_agency else "no",
            o.get_involvement_display(),
            o.get_audit_duty_display(),
            o.parent.name if o.parent else "",
            o.address,
            o.contact_name,
            o.contact_email,
            o.contact_phone,
            o.website,
            o.email_domains,
            "yes" if o.is_active else "no",
        ]
        for o in organisations
    ]
    return headers, rows
