"""The policies app's deadline rules, added to core's list from AppConfig.ready()."""

from core import deadline_rules as defs

REVIEW = defs.RuleDefinition(
    key="policy_review",
    name="Policy or procedure reviewed",
    description="A published policy, procedure, protocol or guidance document is reviewed by its owning group, "
    "and the reviewed version published, by its review date.",
    source="Local practice",
    amount=24,
    unit=defs.MONTHS,
    start_points={"publication": "the version was published"},
    default_start_point="publication",
    reminder_lead_days=20,
    escalate_after_days=20,
)
CONSULTATION = defs.RuleDefinition(
    key="policy_consultation",
    name="Comments on a draft policy or procedure",
    description="An organisation asked for its comments on a draft sends them, or says it has none, by the "
    "closing date the business unit set. This is the default consultation period.",
    source="Local practice",
    amount=20,
    unit=defs.WORKING_DAYS,
    start_points={"opening": "the consultation opened"},
    default_start_point="opening",
    reminder_lead_days=3,
    escalate_after_days=3,
)


def register() -> None:
    for rule in (REVIEW, CONSULTATION):
        if rule.key not in defs.RULES:
            defs.register(rule)
