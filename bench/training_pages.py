"""The training programme's rows of bench/run, each page as the person who uses it, on the
biggest example in the data. Runs alone too, on a database of its own:

  .venv/bin/python bench/training_pages.py [--scale 5] [--requests 30] [--keep-data]

(BENCH_TRAINING_DATABASE_URL, default portal_bench_training.)
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def pages() -> list[tuple[str, str, str]]:
    """(what, who, url) for the main training pages."""
    from django.db.models import Count, Q
    from django.urls import reverse
    from django.utils import timezone

    from partnership.models import User
    from partnership.permissions import organisations_led_by
    from training.demo import DEMO_PRACTITIONER, DEMO_TRAINER
    from training.models import Booking, Course, Session

    confirmed = Q(bookings__status=Booking.Status.CONFIRMED)
    course = Course.objects.annotate(n=Count("sessions__bookings")).order_by("-n", "pk").first()
    agency = organisations_led_by(User.objects.get(email="agency@example.org")).get()
    session = (
        Session.objects.filter(trainers__person__email=DEMO_TRAINER, date__lt=timezone.localdate())
        .annotate(n=Count("bookings", filter=confirmed))
        .order_by("-n", "pk")
        .first()
    )
    return [
        ("training programme", DEMO_PRACTITIONER, reverse("training:programme")),
        ("training: your bookings", DEMO_PRACTITIONER, reverse("training:my-bookings") + "?show=past"),
        ("course results", "business@example.org", reverse("training:course-results", args=[course.pk])),
        ("training needs, every agency", "business@example.org", reverse("training:needs")),
        ("agency needs vs attendance", "agency@example.org", reverse("training:needs-agency", args=[agency.pk])),
        ("session attendance form", DEMO_TRAINER, reverse("training:session-attendance", args=[session.pk])),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=5)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--keep-data", action="store_true")
    args = parser.parse_args()
    os.environ["BENCH_DATABASE_URL"] = os.environ.get(
        "BENCH_TRAINING_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_training"
    )
    os.environ["BENCH_RUN_DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    import run
    from common import setup, table

    if not args.keep_data:
        run.fresh_database()
    setup()
    from django.core.management import call_command
    from django.test import Client

    from partnership.models import User

    started = time.perf_counter()
    call_command("seed_demo", scale=args.scale, if_empty=True, verbosity=0)
    seeded = time.perf_counter() - started
    clients: dict[str, Client] = {}

    def client_for(email: str) -> Client:
        if email not in clients:
            clients[email] = Client()
            clients[email].force_login(User.objects.get(email=email))
        return clients[email]

    floor = run.measure_against_floor(client_for("business@example.org"), run.FLOOR, args.requests)
    rows = [run.page_row("floor: a view that does nothing", floor)]
    for what, who, url in pages():
        rows.append(run.page_row(what, run.measure_against_floor(client_for(who), url, args.requests)))
    print(f"\nTraining pages, scale-{args.scale} demo data (seeded in {seeded:.0f}s), {args.requests} requests each.\n")
    print(table(rows, run.PAGE_HEADERS))


if __name__ == "__main__":
    main()
