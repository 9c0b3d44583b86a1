"""Shared set-up for the benchmark scripts: a PostgreSQL database of their own, migrated."""

import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")


def setup() -> None:
    import django
    import psycopg2
    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    params = {
        k: v
        for k, v in {
            "host": settings.DATABASES["default"].get("HOST") or "127.0.0.1",
            "port": settings.DATABASES["default"].get("PORT") or 5432,
            "user": settings.DATABASES["default"].get("USER") or "postgres",
            "password": settings.DATABASES["default"].get("PASSWORD") or None,
        }.items()
        if v is not None
    }
    connection = psycopg2.connect(dbname="postgres", **params)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


@contextmanager
def counted():
    """Counts the queries run inside the block: `with counted() as c: ...; c.queries`."""
    from django.db import connection

    class Counter:
        queries = 0

        def __call__(self, execute, sql, params, many, context):
            self.queries += 1
            return execute(sql, params, many, context)

    counter = Counter()
    with connection.execute_wrapper(counter):
        yield counter


def timed(function, repeat: int = 1) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def p95_ms(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))] * 1000


def table(rows: list[tuple], headers: tuple) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows, strict=True)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [line.format(*headers), line.format(*("-" * w for w in widths))]
    out += [line.format(*(str(x) for x in row)) for row in rows]
    return "\n".join(out)
