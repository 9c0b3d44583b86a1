"""The parts of the yearly report this app compiles from its data, registered with
core.assurance when the app is ready (beside those the reviews, audits and other apps
register)."""

from core import assurance

from ..selectors import report as selectors

SECTIONS = (
    # key, title, order, requirement, context, the data a frozen version keeps (None: all of it)
    ("funding", "How the arrangements are funded", 3, "funding", selectors.funding, None),
    ("priorities", "Our priorities and the progress made", 10, "effectiveness", selectors.priorities, None),
    (
        "scorecard",
        "The scorecard: performance through the year",
        60,
        "assurance",
        selectors.scorecard_year,
        selectors.scorecard_year_data,
    ),
    ("changes", "What changed as a result", 65, "impact", selectors.changes, None),
    # Printed under the business unit's own "What did not progress".
    (
        "not_progressed",
        "What did not progress",
        80,
        "no_progress",
        selectors.not_progressed,
        selectors.not_progressed_data,
    ),
)


def register() -> None:
    for key, title, order, requirement, context, freeze in SECTIONS:
        assurance.register_report_section(
            assurance.ReportSection(
                key=key,
                title=title,
                template=f"scrutiny/report/_{key}.html",
                order=order,
                requirement=requirement,
                context=context,
                freeze=freeze,
            )
        )
