from .groups import (
    GroupGroupObjectPermission,
    GroupUserObjectPermission,
    Membership,
    PartnershipGroup,
    TermsOfReference,
)
from .meetings import AgendaItem, Attendance, Meeting, MinuteEntry, Paper
from .plans import Action, ActionPlan, ActionUpdate, ForwardPlanItem, Risk

__all__ = [
    "Action",
    "ActionPlan",
    "ActionUpdate",
    "AgendaItem",
    "Attendance",
    "ForwardPlanItem",
    "GroupGroupObjectPermission",
    "GroupUserObjectPermission",
    "Meeting",
    "Membership",
    "MinuteEntry",
    "Paper",
    "PartnershipGroup",
    "Risk",
    "TermsOfReference",
]
