"""Every change of state in listening: surveys (surveys.py), answers (responses.py), the
moderation of comments (moderation.py), response-rate reminders (reminders.py) and the "you
said, we did" log (voices.py)."""

from core import notifications

SURVEYS_KIND = notifications.register_kind(
    notifications.Kind(
        "listening_surveys",
        "Surveys",
        "When a survey needs your agency’s answer or your help as a facilitator, and your staff’s response rates",
    )
)
YOU_SAID_KIND = notifications.register_kind(
    notifications.Kind(
        "you_said_we_did",
        "“You said, we did”",
        "When an item of what children and families told us is given to you, or awaits your review",
    )
)
