"""The one module that imports WeasyPrint: templates under templates/<app>/pdf/ become PDFs."""

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, {"portal_base_url": settings.PORTAL_BASE_URL, **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
