from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    """The partnership's public pages. It reads other apps only through their
    `public_selectors` modules (what has been published, nothing else), and sits on top: no
    app imports it."""

    name = "website"
    verbose_name = "Public pages"

    def ready(self) -> None:
        from core import public
        from partnership import public_selectors as partnership

        public.register_context(partnership.site_context)
        public.register_public_page("About the partnership", "website:about", 10)
        public.register_public_page("Report a concern", "partnership:report-concern", 20)
        public.register_public_page("Policies and procedures", "website:policy-list", 30, sections=("website:policy",))
        public.register_public_page(
            "Learning briefings", "reviews:briefing-public-list", 40, sections=("reviews:briefing-public",)
        )
        public.register_public_page(
            "Practice reviews", "website:practice-review-list", 50, sections=("website:practice-review",)
        )
        public.register_public_page("Yearly reports", "website:yearly-report-list", 60, sections=("website:yearly",))
