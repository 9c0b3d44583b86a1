"""Scrutiny and assurance: the challenge log and escalations, independent scrutiny, assurance
requests, inspections, spotlight reports, the scorecard and the yearly report."""

# Assurance: the challenge log, escalations, independent scrutiny, assurance requests, inspections
# and spotlight reports.
from .assurance import AssuranceRequest, Inspection, InspectionFinding  # noqa: F401
from .challenges import ASSURANCE_COLOURS, AssuranceLevel, Challenge  # noqa: F401
from .escalations import Escalation, EscalationStage  # noqa: F401
from .scrutiny import ImpactSummary, Recommendation, ScrutinyActivity, ScrutinyFinding, ScrutinyPlan  # noqa: F401
from .spotlights import Spotlight, SpotlightAnswer, SpotlightQuestion  # noqa: F401

# Reporting: the scorecard and the yearly report.
# isort: split
from .report import ReportSignatory, ReportSignOff, ReportVersion, YearlyReport  # noqa: F401
from .scorecard import Indicator, IndicatorValue  # noqa: F401
