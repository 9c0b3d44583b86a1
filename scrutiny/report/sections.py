"""The parts of the yearly report this app compiles from its data, registered with
core.assurance when the app is ready (beside those the reviews, audits and other apps
register)."""

from core import assurance

from ..selectors import report as selectors

SECTIONS = (
    # key, title, order, requirement, template, context
    ("funding", "How the arrangements are funded", 3, "funding", "funding", selectors.funding),
    ("priorities", "Our priorities and the progress made", 10, "effectiveness", "priorities", selectors.priorities),
    (
        "scorecard",
        "The scorecard: performance through the year",
        60,
        "assurance",
        "scorecard",
        selectors.scorecard_year,
    ),
    ("changes", "What changed as a result", 65, "impact", "changes", selectors.changes),
    # Printed under the business unit's own "What did not progress".
    ("not_progressed", "What did not progress", 80, "no_progress", "not_progressed", selectors.not_progressed),
)


def register() -> None:
    for key, title, order, requirement, template, context in SECTIONS:
        assurance.register_report_section(
            assurance.ReportSection(
                key=key,
                title=title,
                template=f"scrutiny/report/_{template}.html",
                order=order,
                requirement=requirement,
                context=context,
            )
        )
