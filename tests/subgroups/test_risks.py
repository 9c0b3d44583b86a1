"""Risk scores and escalation to the Executive's register, both ways."""

from datetime import date

import pytest

from subgroups import risk_scoring
from subgroups.services import risks as services


def test_scores_and_bands():
    assert risk_scoring.score(3, 4) == 12
    assert not risk_scoring.should_escalate(12)
    assert risk_scoring.should_escalate(13)
    assert risk_scoring.rating(16) == ("High", "red")
    with pytest.raises(ValueError):
        risk_scoring.score(0, 6)


@pytest.mark.django_db
def test_a_risk_crosses_the_threshold_both_ways_and_its_history_says_so(subgroup, business, member):
    fields = {
        "title": "Late agency returns",
        "cause": "c",
        "effect": "e",
        "owner": member,
        "target_likelihood": 2,
        "target_impact": 2,
        "review_date": date(2030, 1, 1),
    }
    risk = services.risk_save(acting_user=business, group=subgroup, likelihood=3, impact=4, **fields)
    assert risk.score == 12 and not risk.escalated
    risk = services.risk_save(acting_user=business, group=subgroup, risk=risk, likelihood=4, impact=4, **fields)
    assert risk.score == 16 and risk.escalated
    assert "escalated to the Executive’s register: score 16 is above 12" in risk.history.first().history_change_reason
    risk = services.risk_save(acting_user=business, group=subgroup, risk=risk, likelihood=3, impact=3, **fields)
    assert not risk.escalated
    assert "taken off the Executive’s register: score 9 is 12 or less" in risk.history.first().history_change_reason


@pytest.mark.django_db
def test_a_group_can_set_its_own_threshold(subgroup, business, member):
    subgroup.risk_escalation_threshold = 8
    subgroup.save()
    risk = services.risk_save(
        acting_user=business,
        group=subgroup,
        title="R",
        cause="c",
        effect="e",
        likelihood=3,
        impact=3,
        owner=member,
        target_likelihood=1,
        target_impact=1,
        review_date=date(2030, 1, 1),
    )
    assert risk.escalated


@pytest.mark.django_db
def test_only_the_business_unit_or_the_chair_manage_risks(subgroup, member):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.risk_save(
            acting_user=member,
            group=subgroup,
            title="R",
            cause="c",
            effect="e",
            likelihood=1,
            impact=1,
            owner=member,
            target_likelihood=1,
            target_impact=1,
            review_date=date(2030, 1, 1),
        )


@pytest.mark.django_db
def test_executive_register_shows_escalated_risks_from_every_group(subgroup, business, executive, member, client_for):
    from subgroups.services import groups as group_services

    group_services.group_save(acting_user=business, name="Executive", kind="executive", purpose="x")
    for likelihood in (5, 2):
        services.risk_save(
            acting_user=business,
            group=subgroup,
            title=f"Risk {likelihood}",
            cause="c",
            effect="e",
            likelihood=likelihood,
            impact=4,
            owner=member,
            target_likelihood=1,
            target_impact=1,
            review_date=date(2030, 1, 1),
        )
    response = client_for(executive).get("/risks/executive/")
    assert [r.title for r in response.context["risks"]] == ["Risk 5"]
