"""Each part of the app has its own module here (challenges, escalations, scrutiny, assurance,
spotlights; the scorecard and the yearly report)."""
