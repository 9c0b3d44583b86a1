"""Demo data for scrutiny and assurance: each part of the app seeds its own records."""


def seed(demo) -> None:
    # Assurance: challenges, escalations, independent scrutiny, assurance requests, inspections, spotlights.
    from . import demo_assurance

    demo_assurance.seed(demo)
    # Reporting: the scorecard and the yearly report.
    from . import demo_scorecard

    demo_scorecard.seed(demo)
