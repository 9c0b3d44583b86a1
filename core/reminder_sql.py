"""The set-based reminder sweep (PostgreSQL): the due stages, who is told about each and the
grouping into one message per person and kind all stay in the database, in two temporary
tables; Python only words the few hundred messages and the ledger is one INSERT ... SELECT.

`reminder_due` holds the (deadline, stage) pairs due and not yet in the ledger (the
working-day arithmetic is a join on the stored calendar), `reminder_told` one row per pair
and person told. Both are dropped when the sweep's transaction ends.
"""

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from . import reminder_messages as messages
from . import reminders
from .models import CalendarDay, Deadline, DeadlineRule, Notification, SentReminder

# The stages depend only on the due date and the rule, so they are worked out once for each
# (due date, rule) among the live deadlines (a few hundred) rather than once per deadline.
STAGES_SQL = """
    WITH live AS (
        SELECT d.id, d.due_date, d.rule_id, d.responsible_organisation_id
        FROM core_deadline d
        WHERE d.status IN (%(open)s, %(missed)s) AND d.due_date <= %(horizon)s
    ),
    stages AS MATERIALIZED (
        SELECT k.due_date, k.rule_id, s.stage, s.section
        FROM (SELECT DISTINCT due_date, rule_id FROM live) k
        JOIN core_deadlinerule r ON r.id = k.rule_id
        JOIN core_calendarday c ON c.day = k.due_date
        CROSS JOIN LATERAL (VALUES
            (CASE
                WHEN k.due_date > %(today)s THEN
                    CASE WHEN r.reminder_lead_days > 0
                          AND %(today_ordinal)s >= c.ordinal - r.reminder_lead_days + (NOT c.is_working)::int
                    THEN 'before@' || k.due_date::text END
                WHEN k.due_date = %(today)s THEN 'due@' || k.due_date::text
                ELSE 'overdue' || ((%(today)s - k.due_date - 1) / 7 + 1) || '@' || k.due_date::text
            END,
            CASE WHEN k.due_date > %(today)s THEN 'before' WHEN k.due_date = %(today)s THEN 'due' ELSE 'overdue' END),
            (CASE WHEN k.due_date < %(today)s AND %(today_ordinal)s >= c.ordinal + r.escalate_after_days
                THEN 'escalation@' || k.due_date::text END,
            'escalation')
        ) AS s(stage, section)
        WHERE s.stage IS NOT NULL
    )
    SELECT d.id AS deadline_id, s.stage, s.section, d.due_date, d.rule_id, d.responsible_organisation_id
    FROM live d
    JOIN stages s ON s.due_date = d.due_date AND s.rule_id = d.rule_id
    WHERE NOT EXISTS (SELECT 1 FROM core_sentreminder l WHERE l.deadline_id = d.id AND l.stage = s.stage)
    {only}
"""

# The due pairs, numbered (`pair`) so that the later joins are on one integer; a deadline
# has at most one pair of each kind. Text sorts bytewise ("C"): nothing here is for reading.
DUE_TABLE_SQL = """
    CREATE TEMPORARY TABLE reminder_due ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY due_date, deadline_id) AS pair, deadline_id, stage COLLATE "C" AS stage,
        section COLLATE "C" AS section, section = 'escalation' AS escalation,
        CASE section WHEN 'before' THEN 0 WHEN 'due' THEN 1 WHEN 'overdue' THEN 2 ELSE 3 END AS section_code,
        due_date, rule_id, responsible_organisation_id AS organisation_id
    FROM ({stages}) due
"""

# Who is told about each due pair: for a reminder, the responsible people and the
# organisation's contacts, or the business unit when nobody is named; for an escalation, the
# overseers and the business unit. UNION makes each person appear once per pair.
TOLD_TABLE_SQL = """
    CREATE TEMPORARY TABLE reminder_told ON COMMIT DROP AS
    WITH contacts AS (
        SELECT * FROM unnest(%(organisations)s::bigint[], %(contacts)s::bigint[]) AS c(organisation_id, user_id)
    ),
    business_unit AS (SELECT * FROM unnest(%(business_unit)s::bigint[]) AS b(user_id)),
    named AS (
        SELECT t.pair, u.{user_column} AS user_id
        FROM reminder_due t
        JOIN {responsible} u ON u.{deadline_column} = t.deadline_id
        JOIN {users} p ON p.id = u.{user_column} AND p.is_active
        WHERE NOT t.escalation
        UNION
        SELECT t.pair, c.user_id
        FROM reminder_due t
        JOIN contacts c ON c.organisation_id = t.organisation_id
        WHERE NOT t.escalation
    )
    SELECT pair, user_id FROM named
    UNION ALL
    SELECT t.pair, b.user_id
    FROM reminder_due t CROSS JOIN business_unit b
    WHERE NOT t.escalation AND NOT EXISTS (SELECT 1 FROM named n WHERE n.pair = t.pair)
    UNION ALL (
        SELECT t.pair, e.{escalation_user_column}
        FROM reminder_due t
        JOIN {escalation} e ON e.{escalation_deadline_column} = t.deadline_id
        JOIN {users} p ON p.id = e.{escalation_user_column} AND p.is_active
        WHERE t.escalation
        UNION
        SELECT t.pair, b.user_id
        FROM reminder_due t CROSS JOIN business_unit b
        WHERE t.escalation
    )
"""

# Per person and kind: each section's size, its first and last due date, its rules (a
# group has one rule when all its sections have the same one) and its first LISTED items,
# soonest first; only the listed rows come back. One window over the whole section: one sort,
# of narrow rows (rule names as their rank; the text is joined to the listed rows only).
GROUPS_SQL = """
    WITH names AS MATERIALIZED (
        SELECT name, dense_rank() OVER (ORDER BY name) AS rank FROM (SELECT DISTINCT name FROM {rules}) named
    ),
    ranks AS MATERIALIZED (SELECT r.id, n.rank FROM {rules} r JOIN names n ON n.name = r.name)
    SELECT listed.user_id, listed.escalation, t.section, section_count, first_due, last_due,
        first_name.name, last_name.name, d.id, t.stage, d.title, d.due_date, r.name, d.rule_summary
    FROM (
        SELECT w.user_id, t.escalation, t.section, t.pair,
            row_number() OVER section AS position,
            count(*) OVER section AS section_count,
            first_value(t.due_date) OVER section AS first_due,
            last_value(t.due_date) OVER section AS last_due,
            min(k.rank) OVER section AS first_rank,
            max(k.rank) OVER section AS last_rank
        FROM reminder_told w
        JOIN reminder_due t ON t.pair = w.pair
        JOIN ranks k ON k.id = t.rule_id
        WINDOW section AS (
            PARTITION BY w.user_id * 4 + t.section_code ORDER BY t.pair
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        )
    ) listed
    JOIN reminder_due t ON t.pair = listed.pair
    JOIN {deadlines} d ON d.id = t.deadline_id
    JOIN {rules} r ON r.id = t.rule_id
    JOIN names first_name ON first_name.rank = listed.first_rank
    JOIN names last_name ON last_name.rank = listed.last_rank
    WHERE position <= %(listed)s
    ORDER BY listed.user_id, listed.escalation, t.section, position
"""


# Each due pair's ledger row, carrying the ids of the messages of the people told about it.
# No ON CONFLICT: the pairs were chosen under the sweep's lock as not yet in the ledger, so a
# conflict can only be a writer outside the sweeps, and then the unique constraint's error
# rolls the sweep back, which is what must happen (nobody is told twice). A plain insert
# costs half what a speculative one (ON CONFLICT) does: 0.5 s rather than 0.8 to 1.2 s for
# the worst case's 67,000 rows on the 2-core machine.
LEDGER_SQL = """
    INSERT INTO {ledger} (deadline_id, stage, created_at, sent_at, recipients_count, notification_ids)
    SELECT t.deadline_id, t.stage, %(now)s, %(now)s, count(m.id),
        coalesce(jsonb_agg(m.id ORDER BY m.id) FILTER (WHERE m.id IS NOT NULL), '[]'::jsonb)
    FROM reminder_due t
    LEFT JOIN reminder_told w ON w.pair = t.pair
    LEFT JOIN unnest(%(users)s::bigint[], %(escalations)s::boolean[], %(ids)s::bigint[]) AS m(user_id, escalation, id)
        ON m.user_id = w.user_id AND m.escalation = t.escalation
    GROUP BY t.pair, t.deadline_id, t.stage
    ORDER BY t.deadline_id, t.stage  -- the ledger's indexes fill faster in their own order
"""


def _params(today: date) -> dict[str, Any]:
    today_ordinal = CalendarDay.objects.filter(day=today).values_list("ordinal", flat=True).first()
    if today_ordinal is None:
        raise RuntimeError(f"The stored calendar does not cover {today}")
    return {
        "today": today,
        "today_ordinal": today_ordinal,
        "horizon": today + timedelta(days=reminders.LOOKAHEAD_DAYS),
        "open": Deadline.Status.OPEN,
        "missed": Deadline.Status.MISSED,
    }


def _stages(today: date, only: set[tuple[int, str]] | None) -> tuple[str, dict[str, Any]]:
    params = _params(today)
    restrict = ""
    if only is not None:
        pairs = sorted(only)
        restrict = "AND (d.id, s.stage) IN (SELECT * FROM unnest(%(ids)s::bigint[], %(stages)s::text[]))"
        params["ids"] = [pk for pk, _ in pairs]
        params["stages"] = [stage for _, stage in pairs]
    return STAGES_SQL.format(only=restrict), params


def due(today: date, only: set[tuple[int, str]] | None = None) -> list[tuple[int, str]]:
    """Every due (deadline, stage) not yet in the ledger (read only)."""
    query, params = _stages(today, only)
    with connection.cursor() as cursor:
        # date::text is YYYY-MM-DD under the ISO style (and much cheaper than to_char).
        cursor.execute("SET LOCAL DateStyle = 'ISO'")
        cursor.execute(f"SELECT deadline_id, stage FROM ({query}) due ORDER BY 1, 2", params)  # noqa: S608  # nosec B608
        rows: list[tuple[int, str]] = cursor.fetchall()
        return rows


def send(today: date, only: set[tuple[int, str]] | None) -> tuple[int, list[Notification]]:
    """Write the ledger rows for every due stage not yet sent and one inbox message per
    person and kind, each linked to the rows it carries. Returns how many rows were written,
    and the messages. Runs inside the sweep's transaction."""
    query, params = _stages(today, only)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL DateStyle = 'ISO'")
        # Room to sort the tens of thousands of pairs in memory rather than on disk; and no
        # JIT compilation, which costs more than these sub-second queries take.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute("SET LOCAL jit = off")
        # In a savepoint (a sweep inside a larger transaction) the tables outlive it.
        cursor.execute("DROP TABLE IF EXISTS pg_temp.reminder_due, pg_temp.reminder_told")
        cursor.execute(DUE_TABLE_SQL.format(stages=query), params)
        pairs = cursor.rowcount
        if not pairs:
            return 0, []
        # Statistics, so that the planner knows `pair` is unique (a small sample tells it).
        cursor.execute("SET LOCAL default_statistics_target = 10")
        cursor.execute("ANALYZE reminder_due")
        business_unit = reminders._business_unit()
        _told(cursor, business_unit)
        groups = _groups(cursor)
        created = reminders._create_messages(groups, today, business_unit)
        cursor.execute(
            LEDGER_SQL.format(ledger=SentReminder._meta.db_table),
            {
                "now": timezone.now(),
                "users": [message.recipient_id for message in created],
                "escalations": [message.kind == messages.ESCALATION for message in created],
                "ids": [message.pk for message in created],
            },
        )
        return reminders._check_written(cursor.rowcount, pairs), created


def _told(cursor: CursorWrapper, business_unit: list[int]) -> None:
    cursor.execute("SELECT DISTINCT organisation_id FROM reminder_due WHERE organisation_id IS NOT NULL")
    contacts = reminders._contacts({row[0] for row in cursor.fetchall()})
    responsible = Deadline.responsible_users
    escalation = Deadline.escalation_users
    cursor.execute(
        TOLD_TABLE_SQL.format(
            responsible=responsible.through._meta.db_table,
            deadline_column=responsible.field.m2m_column_name(),
            user_column=responsible.field.m2m_reverse_name(),
            escalation=escalation.through._meta.db_table,
            escalation_deadline_column=escalation.field.m2m_column_name(),
            escalation_user_column=escalation.field.m2m_reverse_name(),
            users=get_user_model()._meta.db_table,
        ),
        {
            "organisations": [organisation for organisation, people in contacts.items() for _ in people],
            "contacts": [user_id for people in contacts.values() for user_id in people],
            "business_unit": business_unit,
        },
    )


def _groups(cursor: CursorWrapper) -> list[messages.Group]:
    """The groups, ordered as the pure-Python path orders them (by person, then kind)."""
    cursor.execute(
        GROUPS_SQL.format(deadlines=Deadline._meta.db_table, rules=DeadlineRule._meta.db_table),
        {"listed": messages.LISTED},
    )
    groups: list[messages.Group] = []
    for (
        user_id,
        escalation,
        key,
        count,
        first_due,
        last_due,
        first_rule,
        last_rule,
        deadline_id,
        stage,
        title,
        due_date,
        rule,
        summary,
    ) in cursor.fetchall():
        kind = messages.ESCALATION if escalation else messages.REMINDER
        if not groups or (groups[-1].user_id, groups[-1].kind) != (user_id, kind):
            groups.append(messages.Group(user_id=user_id, kind=kind))
        section = groups[-1].sections.get(key)
        if section is None:
            section = groups[-1].sections[key] = messages.Section(count=count, first_due=first_due, last_due=last_due)
            groups[-1].rules.update((first_rule, last_rule))
        section.listed.append(messages.Item(deadline_id, stage, title, due_date, rule, summary))
    groups.sort(key=lambda group: (group.user_id, group.kind))
    return groups
