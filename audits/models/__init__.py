from .answers import AnswerValue
from .cases import AuditCase, CaseAnswer, CaseAudit, CaseReturn
from .cycles import (
    Answer,
    AuditCycle,
    AuditSubmission,
    ChallengeEvent,
    CycleGroupObjectPermission,
    CycleReportFile,
    CycleUserObjectPermission,
    Evidence,
    ModerationRating,
    QuestionComment,
    SignOffInvitation,
)
from .frameworks import Framework, FrameworkVersion, Question, Standard

__all__ = [
    "Answer",
    "AnswerValue",
    "AuditCase",
    "CycleReportFile",
    "AuditCycle",
    "AuditSubmission",
    "CaseAnswer",
    "CaseAudit",
    "CaseReturn",
    "ChallengeEvent",
    "CycleGroupObjectPermission",
    "CycleUserObjectPermission",
    "Evidence",
    "Framework",
    "FrameworkVersion",
    "ModerationRating",
    "Question",
    "QuestionComment",
    "SignOffInvitation",
    "Standard",
]
