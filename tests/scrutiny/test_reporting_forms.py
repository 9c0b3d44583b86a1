"""Every scorecard and yearly report form answers junk with a page (GOV.UK errors, or a
redirect with a message), never a server error."""

import random

import pytest

from tests.scrutiny.matrix_scorecard import ENTRIES

pytestmark = pytest.mark.django_db

# The forms, and who may use them (so the junk reaches the form, not the permission check).
FORMS = {
    "scrutiny:scorecard-enter-choose": "agency_lead",
    "scrutiny:scorecard-enter": "agency_lead",
    "scrutiny:scorecard-import": "business",
    "scrutiny:scorecard-import-preview": "business",
    "scrutiny:indicator-create": "business",
    "scrutiny:indicator-edit": "business",
    "scrutiny:report-create": "business",
    "scrutiny:report-section-edit": "executive",
    "scrutiny:report-sign-off": "executive",
    "scrutiny:report-gap": "business",
    "scrutiny:report-withdraw": "business",
    "scrutiny:report-publish": "business",
    "scrutiny:report-sent": "business",
    "scrutiny:report-signatory": "business",
    "scrutiny:report-delegate": "executive",
}
JUNK = ["", "0", "-1", "x" * 300, "99999999999999999999", "1e400", "NaN", "2026-13-45", "<script>", "'; --", "Ω"]
FIELDS = [
    "name",
    "definition",
    "organisation",
    "unit",
    "polarity",
    "target",
    "amber_threshold",
    "red_threshold",
    "frequency",
    "priority",
    "computed_key",
    "position",
    "is_active",
    "quarter",
    "year",
    "foreword",
    "version",
    "content_hash",
    "explanation",
    "reason",
    "early_reason",
    "person",
    "published_on_0",
    "published_on_1",
    "published_on_2",
    "sent_on_0",
    "sent_on_1",
    "sent_on_2",
    "_snapshot",
]


@pytest.mark.parametrize("name", sorted(FORMS))
def test_junk_gets_a_page_not_a_server_error(name, shared_world, client_for):
    world = shared_world  # one world per module; each test's writes are undone
    entry = ENTRIES[name]
    url = entry.url(world)
    client = client_for(world[FORMS[name]])
    fields = FIELDS + [f"i{world['indicator'].pk}-value", f"i{world['indicator'].pk}-notes", "organisation"]
    rng = random.Random(name)
    for _ in range(12):
        data = {field: rng.choice(JUNK) for field in rng.sample(fields, k=rng.randint(1, len(fields)))}
        # Choosing the quarter is a GET form; the rest are posted.
        send = client.get if name == "scrutiny:scorecard-enter-choose" else client.post
        response = send(url, data)
        # (A confirmed import is gone afterwards: 404 for the next try.)
        assert response.status_code in (200, 302, 404), f"{name} with {data}: {response.status_code}"
