from .consultation import Consultation, ConsultationComment, ConsultationInvite
from .learning import ProcedureChangeRequest
from .register import Adoption, Approval, Policy, PolicyVersion

__all__ = [
    "Adoption",
    "Approval",
    "Consultation",
    "ConsultationComment",
    "ConsultationInvite",
    "Policy",
    "PolicyVersion",
    "ProcedureChangeRequest",
]
