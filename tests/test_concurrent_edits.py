"""Two people editing the same record at once: on every edit form, the second to save is told
what the first changed, keeps what they typed, and nothing is silently overwritten."""

import pytest
from django.test import Client
from django.urls import reverse

from .htmlforms import Control, main_form

# Every edit form in the portal: the URL, who edits it, and the field to change (or None to
# change the first text field found). Forms whose only controls are choices change a choice.
EDIT_FORMS = {
    "partnership:organisation-edit": (
        "business",
        lambda w: reverse("partnership:organisation-edit", args=[w["organisation"].pk]),
    ),
    "partnership:organisation-leads": (
        "business",
        lambda w: reverse("partnership:organisation-leads", args=[w["organisation"].pk]),
    ),
    "partnership:user-edit": ("business", lambda w: reverse("partnership:user-edit", args=[w["person"].pk])),
    "partnership:account-edit": ("member", lambda w: reverse("partnership:account-edit")),
    "partnership:priority-edit": ("business", lambda w: reverse("partnership:priority-edit", args=[w["priority"].pk])),
    "partnership:details": ("business", lambda w: reverse("partnership:details")),
    "partnership:budget-edit": ("business", lambda w: reverse("partnership:budget-edit", args=[w["contribution"].pk])),
    "core:retention-rule-edit": (
        "business",
        lambda w: reverse("core:retention-rule-edit", args=["notifications"]),
        ("years", {"first": "3", "second": "4"}, {}),
    ),
    "core:rule-edit": (
        "business",
        lambda w: reverse("core:rule-edit", args=["rapid_review"]),
        ("amount", {"first": "12", "second": "13"}, {"reason": "Agreed with the Panel"}),
    ),
    "subgroups:group-edit": ("business", lambda w: reverse("subgroups:group-edit", args=[w["group"].pk])),
    "subgroups:member-edit": (
        "business",
        lambda w: reverse("subgroups:member-edit", args=[w["group"].pk, w["membership"].pk]),
    ),
    "subgroups:chairs": ("business", lambda w: reverse("subgroups:chairs", args=[w["group"].pk])),
    "subgroups:meeting-edit": ("business", lambda w: reverse("subgroups:meeting-edit", args=[w["meeting"].pk])),
    "subgroups:item-edit": ("business", lambda w: reverse("subgroups:item-edit", args=[w["meeting"].pk, w["item"].pk])),
    # Minutes and attendance are written once a meeting has happened: the held one.
    "subgroups:item-minutes": (
        "business",
        lambda w: reverse("subgroups:item-minutes", args=[w["held_meeting"].pk, w["held_item"].pk]),
    ),
    "subgroups:attendance": ("business", lambda w: reverse("subgroups:attendance", args=[w["held_meeting"].pk])),
    "subgroups:action-edit": ("business", lambda w: reverse("subgroups:action-edit", args=[w["action"].pk])),
    "subgroups:risk-edit": ("business", lambda w: reverse("subgroups:risk-edit", args=[w["risk"].pk])),
    "subgroups:forward-edit": (
        "business",
        lambda w: reverse("subgroups:forward-edit", args=[w["group"].pk, w["forward"].pk]),
    ),
    "policies:policy-edit": ("business", lambda w: reverse("policies:policy-edit", args=[w["policy"].pk])),
    "scrutiny:indicator-edit": ("business", lambda w: reverse("scrutiny:indicator-edit", args=[w["indicator"].pk])),
    "scrutiny:scorecard-enter": (
        "agency_lead",
        lambda w: reverse("scrutiny:scorecard-enter", args=[w["quarter"].year, w["quarter"].quarter]),
    ),
    "scrutiny:report-section-edit": (
        "business",
        lambda w: reverse("scrutiny:report-section-edit", args=[w["draft_report"].pk, "foreword"]),
    ),
    # Scrutiny part A: challenges, escalations, independent scrutiny, assurance requests, inspections, spotlights
    "scrutiny:challenge-edit": ("business", lambda w: reverse("scrutiny:challenge-edit", args=[w["scr_challenge"].pk])),
    "scrutiny:escalation-stage": (
        "business",
        lambda w: reverse("scrutiny:escalation-stage", args=[w["scr_escalation"].pk]),
    ),
    "scrutiny:scrutiny-plan-edit": (
        "business",
        lambda w: reverse("scrutiny:scrutiny-plan-edit", args=[w["scr_plan"].pk]),
    ),
    "scrutiny:activity-edit": ("business", lambda w: reverse("scrutiny:activity-edit", args=[w["scr_planned"].pk])),
    "scrutiny:request-edit": ("business", lambda w: reverse("scrutiny:request-edit", args=[w["scr_requested"].pk])),
    "scrutiny:inspection-edit": (
        "business",
        lambda w: reverse("scrutiny:inspection-edit", args=[w["scr_inspection"].pk]),
    ),
    "scrutiny:spotlight-edit": ("business", lambda w: reverse("scrutiny:spotlight-edit", args=[w["scr_spotlight"].pk])),
    "scrutiny:spotlight-answer": (
        "agency_lead",
        lambda w: reverse("scrutiny:spotlight-answer", args=[w["scr_spotlight"].pk]),
    ),
}
PREFERRED_TEXT = (
    "name",
    "title",
    "description",
    "minutes",
    "role_in_group",
    "text",
    "reason",
    "purpose",
    "location",
    "job_title",
    "area",
    "cause",
    "notes",
    "in_kind_description",
)


def _change(control: Control, marker: str, payload: dict, values: dict | None = None) -> str:
    """Change one control in `payload` to something new; return what it was set to."""
    if values:
        payload[control.name] = [values[marker]]
        return values[marker]
    if control.kind in ("text", "textarea", "email", "search", "tel", "number"):
        value = f"{control.value} {marker}".strip() if control.kind != "email" else f"{marker}@example.org"
        payload[control.name] = [value]
        return value
    if control.kind == "checkbox":
        # Tick the first box that is not ticked (or, for the second person, untick the first).
        ticked = payload.get(control.name, [])
        if marker == "first":
            payload[control.name] = [*ticked, control.value]
        else:
            payload[control.name] = [v for v in ticked if v != control.value]
        return control.value
    if control.kind == "select":
        current = (control.selected or control.options[:1] or [""])[0]
        choices = [o for o in control.options if o and o != current]
        payload[control.name] = [choices[int(marker == "second") % len(choices)]]
        return payload[control.name][0]
    raise AssertionError(f"cannot change a {control.kind}")


def _errors(response) -> str:
    page = response.content.decode()
    start = page.find("govuk-error-summary__list")
    return page[start : start + 1500] if start >= 0 else page[:500]


def _pick(form, name=None):
    if name:
        return next(c for c in form.controls if c.name == name)
    texts = [c for c in form.controls if c.kind in ("text", "textarea") and not c.name.startswith("_")]
    for name in PREFERRED_TEXT:
        for control in texts:
            if control.name == name or control.name.endswith(f"-{name}"):
                return control
    if texts:
        return texts[0]
    selects = [c for c in form.controls if c.kind == "select" and len([o for o in c.options if o]) >= 2]
    if selects:
        return selects[0]
    boxes = [c for c in form.controls if c.kind == "checkbox" and not c.name.startswith("_") and not c.checked]
    if boxes:
        return boxes[0]
    raise AssertionError("no field to change")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EDIT_FORMS))
def test_the_second_person_to_save_is_told_and_keeps_what_they_typed(name, shared_world):
    world = shared_world  # one world per module; each test's writes are undone
    role, url_of, *how = EDIT_FORMS[name]
    field_name, values, extra = how[0] if how else (None, None, {})
    url = url_of(world)
    first, second = Client(), Client()
    for client in (first, second):
        client.force_login(world[role])
    first_form = main_form(first.get(url).content.decode(), needs="_snapshot")
    second_form = main_form(second.get(url).content.decode(), needs="_snapshot")
    control = _pick(first_form, field_name)
    first_payload = {**first_form.payload(), **{k: [v] for k, v in extra.items()}}
    first_value = _change(control, "first", first_payload, values)
    saved = first.post(url, first_payload)
    assert saved.status_code == 302, f"{name}: the first save failed: {_errors(saved)}"

    second_payload = {**second_form.payload(), **{k: [v] for k, v in extra.items()}}
    second_control = next(c for c in second_form.controls if c.name == control.name)
    second_value = _change(second_control, "second", second_payload, values)
    refused = second.post(url, second_payload)
    page = refused.content.decode()
    assert refused.status_code == 200, f"{name}: the second save was not refused"
    assert "Someone else saved changes while you were editing" in page
    assert second_value.split("@")[0] in page  # what they typed is still in the form

    reopened = main_form(first.get(url).content.decode(), needs="_snapshot")
    if control.kind == "checkbox":
        kept = any(c.name == control.name and c.value == first_value and c.checked for c in reopened.controls)
    else:
        saved_value = next(c for c in reopened.controls if c.name == control.name)
        kept = first_value in (saved_value.value, *saved_value.selected)
    assert kept, f"{name}: the first save was overwritten"

    # Having seen the other change, saving again works.
    again = second.post(url, {**main_form(page, needs="_snapshot").payload(), **{k: [v] for k, v in extra.items()}})
    assert again.status_code == 302, f"{name}: saving again after the warning failed"
