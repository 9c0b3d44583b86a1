"""The yearly report: compiling it (compile), freezing a version for sign-off (versions), the
sections this app contributes (sections) and the PDF (pdf)."""

from .compile import (  # noqa: F401
    REQUIREMENT_KEYS,
    REQUIREMENTS,
    ChecklistItem,
    CompiledReport,
    PartnerSignOff,
    Requirement,
    Section,
    checklist,
    compile_report,
    has_content,
    partner_sign_offs,
)
from .pdf import build_report_pdf, render_report_pdf, report_content  # noqa: F401
from .sections import register  # noqa: F401
from .versions import changed_since, content_hash, content_of, from_version  # noqa: F401
