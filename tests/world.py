"""One of everything, for the tests that walk every URL (the permission matrix, concurrent
edits, form fuzzing): the cast plus the records each app's matrix module adds with world(w)."""

import importlib
import pkgutil
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

import tests
from core.models import CalendarToken, ClosureDay, Notification, PendingImport
from core.services import deadlines as clock
from partnership.models import PartnershipDetails

from .factories import BudgetContributionFactory, PriorityFactory, UserFactory

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x9a\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82"
)


def matrix_modules():
    for module in pkgutil.walk_packages(tests.__path__, "tests."):
        # tests/<app>/matrix.py, or several matrix_<part>.py modules when an app has many pages.
        last = module.name.rsplit(".", 1)[-1]
        if module.name != "tests.matrix" and (last == "matrix" or last.startswith("matrix_")):
            yield importlib.import_module(module.name)


def build_world(cast) -> dict:
    details = PartnershipDetails(name="Testshire Safeguarding Children Partnership")
    details.logo.save("logo.png", ContentFile(PNG), save=False)
    details.save()
    person = UserFactory(email="someone@test.example.org", organisation=cast["agency_lead"].organisation)
    agency = cast["agency_lead"].organisation
    deadline = clock.deadline_create(
        subject=agency,
        rule_key="audit_return",
        start=date(2030, 1, 7),
        title="Section 11 return",
        responsible_organisation=agency,
        responsible_users=[cast["agency_lead"]],
    )
    raw_token = CalendarToken.new_token()
    CalendarToken.objects.create(user=cast["business"], token_hash=CalendarToken.hash(raw_token))
    world = {
        "deadline": deadline,
        "closure": ClosureDay.objects.create(
            date=timezone.localdate() + timedelta(days=30), reason="Closed", created_by=cast["business"]
        ),
        "notification": Notification.objects.create(
            recipient=cast["business"], kind="deadline_reminder", title="Hello"
        ),
        "calendar_token": raw_token,
        **cast,
        "organisation": cast["agency_lead"].organisation,
        "person": person,
        "priority": PriorityFactory(),
        "contribution": BudgetContributionFactory(organisation=cast["business"].organisation),
        "pending_import": PendingImport.objects.create(
            kind="directory", filename="d.csv", content=b"Name,Kind\nA,Other\n", created_by=cast["business"]
        ),
    }
    # Each app's matrix module may add the records its URLs need.
    for module in matrix_modules():
        if hasattr(module, "world"):
            world.update(module.world(world))
    return world
