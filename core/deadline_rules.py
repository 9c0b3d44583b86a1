"""The statutory and local deadline rules, with their defaults from Working Together and the
Child Safeguarding Practice Review Panel's guidance.

These are the defaults: each rule becomes a `DeadlineRule` row the first time it is used, and
the business unit can change its number, unit or start point in the portal. A change applies
to deadlines created after it; existing deadlines keep their due date.
"""

from dataclasses import dataclass, field

WORKING_DAYS = "working_days"
DAYS = "days"
MONTHS = "months"
AFTER = "after"
BEFORE = "before"

# The largest value the portal accepts for each unit: anything beyond is a typing mistake.
LIMITS = {WORKING_DAYS: 260, DAYS: 366, MONTHS: 60}


@dataclass(frozen=True)
class RuleDefinition:
    key: str
    name: str
    description: str
    source: str
    amount: int
    unit: str
    direction: str = AFTER
    start_points: dict[str, str] = field(default_factory=dict)
    default_start_point: str = ""
    statutory: bool = False
    reminder_lead_days: int = 2
    escalate_after_days: int = 5


RULES: dict[str, RuleDefinition] = {}


def _define(rule: RuleDefinition) -> RuleDefinition:
    RULES[rule.key] = rule
    return rule


SERIOUS_INCIDENT_NOTIFICATION = _define(
    RuleDefinition(
        key="serious_incident_notification",
        name="Serious incident notification to the Panel",
        description="The local authority notifies the Child Safeguarding Practice Review Panel of a serious "
        "incident, and tells the safeguarding partners.",
        source="Children Act 2004 section 16C; Working Together to Safeguard Children",
        amount=5,
        unit=WORKING_DAYS,
        start_points={"awareness": "the local authority became aware"},
        default_start_point="awareness",
        statutory=True,
        reminder_lead_days=1,
        escalate_after_days=1,
    )
)
RAPID_REVIEW = _define(
    RuleDefinition(
        key="rapid_review",
        name="Rapid review sent to the Panel",
        description="The safeguarding partners complete a rapid review and send it to the Panel.",
        source="Working Together to Safeguard Children 2023",
        amount=15,
        unit=WORKING_DAYS,
        start_points={
            "notification": "the serious incident notification was sent",
            "awareness": "the local authority became aware",
        },
        default_start_point="notification",
        statutory=True,
        reminder_lead_days=3,
        escalate_after_days=1,
    )
)
PANEL_RESPONSE = _define(
    RuleDefinition(
        key="panel_response",
        name="Panel's response to a rapid review expected",
        description="The Panel usually responds to a rapid review about 10 working days after receiving it.",
        source="Child Safeguarding Practice Review Panel guidance",
        amount=10,
        unit=WORKING_DAYS,
        start_points={"submission": "the rapid review was sent"},
        default_start_point="submission",
        escalate_after_days=10,
    )
)
PRACTICE_REVIEW = _define(
    RuleDefinition(
        key="practice_review",
        name="Local child safeguarding practice review completed and published",
        description="A local review is completed and published within 6 months of the decision to initiate it.",
        source="Working Together to Safeguard Children",
        amount=6,
        unit=MONTHS,
        start_points={"decision": "the decision to initiate the review"},
        default_start_point="decision",
        statutory=True,
        reminder_lead_days=10,
        escalate_after_days=1,
    )
)
PRE_PUBLICATION = _define(
    RuleDefinition(
        key="pre_publication_copy",
        name="Pre-publication copy to the Panel and the Secretary of State",
        description="The full report goes to the Panel and the Secretary of State before publication.",
        source="Working Together to Safeguard Children",
        amount=7,
        unit=WORKING_DAYS,
        direction=BEFORE,
        start_points={"publication": "the planned publication date"},
        default_start_point="publication",
        statutory=True,
        escalate_after_days=1,
    )
)
PUBLICATION_PERIOD = _define(
    RuleDefinition(
        key="publication_period",
        name="Published review may be taken down",
        description="A published review stays published for at least a year.",
        source="Working Together to Safeguard Children",
        amount=12,
        unit=MONTHS,
        start_points={"publication": "the publication date"},
        default_start_point="publication",
        reminder_lead_days=5,
        escalate_after_days=20,
    )
)
YEARLY_REPORT = _define(
    RuleDefinition(
        key="yearly_report",
        name="Yearly report published",
        description="The partners publish a report at least once every 12 months.",
        source="Working Together to Safeguard Children",
        amount=12,
        unit=MONTHS,
        start_points={"previous_publication": "the previous report was published"},
        default_start_point="previous_publication",
        statutory=True,
        reminder_lead_days=20,
    )
)
YEARLY_REPORT_SENT = _define(
    RuleDefinition(
        key="yearly_report_sent",
        name="Yearly report sent to the Panel and the Department for Education",
        description="The published report is sent to the Panel and the Department for Education.",
        source="Working Together to Safeguard Children",
        amount=7,
        unit=DAYS,
        start_points={"publication": "the report was published"},
        default_start_point="publication",
        statutory=True,
        reminder_lead_days=2,
        escalate_after_days=1,
    )
)
AUDIT_RETURN = _define(
    RuleDefinition(
        key="audit_return",
        name="Self-assessment return",
        description="An organisation returns its Section 11, 175 or 157 self-assessment by the end of the "
        "cycle's window. The business unit sets each cycle's closing date; this is the default window.",
        source="Local practice",
        amount=30,
        unit=WORKING_DAYS,
        start_points={"opening": "the cycle opened"},
        default_start_point="opening",
        reminder_lead_days=5,
        escalate_after_days=5,
    )
)
PAPER_DEADLINE = _define(
    RuleDefinition(
        key="meeting_paper",
        name="Meeting paper submitted",
        description="Papers reach the business unit before the meeting so the pack can be circulated.",
        source="Local practice",
        amount=5,
        unit=WORKING_DAYS,
        direction=BEFORE,
        start_points={"meeting": "the meeting"},
        default_start_point="meeting",
        reminder_lead_days=3,
        escalate_after_days=1,
    )
)
ACTION_DUE = _define(
    RuleDefinition(
        key="action",
        name="Action completed",
        description="The default time to complete an action in an action plan, when its owner sets no date.",
        source="Local practice",
        amount=3,
        unit=MONTHS,
        start_points={"approval": "the action plan was approved"},
        default_start_point="approval",
        reminder_lead_days=5,
        escalate_after_days=10,
    )
)
CHALLENGE_RESPONSE = _define(
    RuleDefinition(
        key="challenge_response",
        name="Response to a challenge",
        description="An organisation or group responds to a challenge raised by the partnership.",
        source="Local practice",
        amount=20,
        unit=WORKING_DAYS,
        start_points={"raised": "the challenge was raised"},
        default_start_point="raised",
    )
)
ESCALATION_STAGE = _define(
    RuleDefinition(
        key="escalation_stage",
        name="Escalation stage resolved",
        description="Each stage of the escalation policy for professional disagreements is resolved.",
        source="Local escalation policy",
        amount=5,
        unit=WORKING_DAYS,
        start_points={"stage_start": "the stage began"},
        default_start_point="stage_start",
        reminder_lead_days=1,
        escalate_after_days=1,
    )
)
ASSURANCE_REQUEST = _define(
    RuleDefinition(
        key="assurance_request",
        name="Assurance report received",
        description="An agency sends the assurance report the partnership asked for.",
        source="Local practice",
        amount=30,
        unit=WORKING_DAYS,
        start_points={"request": "the report was requested"},
        default_start_point="request",
    )
)
YOU_SAID_WE_DID = _define(
    RuleDefinition(
        key="you_said_we_did",
        name="What we did, in answer to what children and families told us",
        description="The person who owns an item in the “you said, we did” log records what the partnership did "
        "about it (or why it could not), so that children and families hear back.",
        source="Local practice (Working Together: the yearly report says how children’s views were used)",
        amount=3,
        unit=MONTHS,
        start_points={"assigned": "the item was given an owner"},
        default_start_point="assigned",
        reminder_lead_days=10,
        escalate_after_days=10,
    )
)
SURVEY_AGENCY_ANSWER = _define(
    RuleDefinition(
        key="survey_agency_answer",
        name="An agency’s answer to a partnership survey",
        description="An agency’s lead answers a survey the partnership sent to agencies, by the survey’s closing "
        "date. The business unit sets each survey’s closing date; this is the default.",
        source="Local practice",
        amount=20,
        unit=WORKING_DAYS,
        start_points={"opening": "the survey opened"},
        default_start_point="opening",
        reminder_lead_days=5,
        escalate_after_days=5,
    )
)


RAPID_REVIEW_RETURN = _define(
    RuleDefinition(
        key="rapid_review_return",
        name="Agency return for a rapid review",
        description="An agency involved in a case sends its chronology and analysis to the rapid review panel.",
        source="Local practice",
        amount=5,
        unit=WORKING_DAYS,
        start_points={"request": "the return was requested"},
        default_start_point="request",
        reminder_lead_days=2,
        escalate_after_days=1,
    )
)


PLAN_SIGN_OFF = _define(
    RuleDefinition(
        key="plan_sign_off",
        name="Action plan signed off on impact",
        description="Once every action in a plan is complete, the chair of the group that owns it signs it off "
        "on evidence of impact.",
        source="Local practice",
        amount=30,
        unit=WORKING_DAYS,
        start_points={"completion": "the plan was completed"},
        default_start_point="completion",
        reminder_lead_days=5,
        escalate_after_days=10,
    )
)


def register(rule: RuleDefinition) -> RuleDefinition:
    """For apps that stand beside core (policies, say): their rules join the list in their
    AppConfig.ready(), and appear on the business unit's rules page like these."""
    return _define(rule)


def definition(key: str) -> RuleDefinition:
    return RULES[key]
