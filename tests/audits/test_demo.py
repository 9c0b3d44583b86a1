"""The demo has audits in every state, and the demo agency lead has a return in progress.

Only the apps audits builds on are seeded first (core, partnership, sub-groups), so this test
is about the audits demo alone; tests/core/test_demo.py runs the whole command."""

import io
import random

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from audits import demo as audits_demo
from audits.models import AuditCycle, AuditSubmission, CaseAudit, FrameworkVersion
from core import demo as core_demo
from core.management.commands.seed_demo import Demo
from partnership import demo as partnership_demo
from partnership.models import User
from subgroups import demo as subgroups_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_section_11_cycles_a_schools_cycle_and_a_case_audit(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo = Demo(
        scale=1,
        password="x",
        rng=random.Random(1),
        password_hash=make_password("x"),
        today=timezone.localdate(),
        stdout=io.StringIO(),
    )
    for module in (core_demo, partnership_demo, subgroups_demo, audits_demo):
        module.seed(demo)
    cycles = list(AuditCycle.objects.select_related("version__framework").order_by("opens_on"))
    assert [c.version.framework.default_key for c in cycles] == ["section_11", "section_175_157", "section_11"]
    assert [c.status for c in cycles] == ["complete", "open", "open"]
    assert cycles[2].previous == cycles[0]
    assert set(AuditSubmission.objects.values_list("status", flat=True)) == set(AuditSubmission.Status.values)
    assert FrameworkVersion.objects.filter(framework__default_key="section_11").count() == 2
    agency = User.objects.get(email="agency@example.org").organisation
    assert AuditSubmission.objects.get(cycle=cycles[2], organisation=agency).status == "in_progress"
    assert AuditSubmission.objects.get(cycle=cycles[0], organisation=agency).status == "accepted"
    case_audit = CaseAudit.objects.get()
    assert case_audit.cases.count() == 4 and case_audit.cases.exclude(grade="").exists()
    assert case_audit.participants.filter(pk=agency.pk).exists()
