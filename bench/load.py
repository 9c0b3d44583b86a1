"""Load test: the portal run as in production, driven by Locust from a second process.

  .venv/bin/python bench/load.py [--scale 5] [--users 50] [--duration 120]

1. A PostgreSQL database of its own (LOAD_DATABASE_URL, default portal_load), migrated, with
   `seed_demo --scale N`, and one account per simulated person (a copy of the demo's business
   unit, executive, agency lead or chair, with a password and an authenticator app). Before the
   load starts: ANALYZE (as autovacuum would, in time, on a running server) and the Celery
   worker done with what the seeding queued.
2. The production settings (config.settings.production: MFA required, secure cookies, HSTS),
   gunicorn with 3 workers serving HTTPS on loopback (a throwaway self-signed certificate, as
   the TLS proxy would), a Celery worker and Celery beat on Redis (LOAD_REDIS_URL, default
   redis://127.0.0.1:6379/3).
3. Locust, headless, in its own process: the users sign in with password and code, then read
   and save as bench/locustfile.py says, for the duration.
4. Prints throughput, median and p95 latency and errors, per kind of request and overall, and
   the count of errors in the portal's own logs. Stops everything it started.

Locust runs from its own virtualenv, .venv-load (made from bench/requirements-load.txt the
first time), so its gevent never touches the portal's own environment.
"""

import argparse
import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
KINDS = {
    "business": "business@example.org",
    "executive": "executive@example.org",
    "agency_lead": "agency@example.org",
    "chair": "chair@example.org",
}


def environment(work: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_load"),
        "REDIS_URL": os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/3"),
        "REDIS_CACHE_URL": os.environ.get("LOAD_REDIS_CACHE_URL", "redis://127.0.0.1:6379/4"),
        "CELERY_QUEUE": "portal-load",
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"),
        # No mail server on this machine: mail is rendered and dropped.
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "PORTAL_REQUIRE_MFA": "true",
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def fresh_database(url: str) -> None:
    import psycopg2

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    connection = psycopg2.connect(server)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


ACCOUNTS_SCRIPT = """
import json
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from guardian.models import UserObjectPermissionBase
from django.apps import apps

User = get_user_model()
import os
kinds = json.loads(os.environ["LOAD_KINDS"])
per_kind, password = int(os.environ["LOAD_PER_KIND"]), os.environ["LOAD_PASSWORD"]
object_permission_models = [m for m in apps.get_models() if issubclass(m, UserObjectPermissionBase)]
accounts = []
hashed = make_password(password)  # hashed once: hashing it per account would take minutes
for kind, email in kinds.items():
    model = User.objects.get(email=email)
    for n in range(per_kind):
        email = f"load-{kind}-{n}@example.org"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=None, name=f"{model.name} ({n})",
                organisation=model.organisation, job_title=model.job_title,
            )
            user.groups.set(model.groups.all())
            for perm_model in object_permission_models:
                for row in perm_model.objects.filter(user=model):
                    row.pk = None
                    row.user = user
                    row.save()
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        user.password = hashed
        user.save()
        user.authenticator_set.all().delete()
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        accounts.append({"kind": kind, "email": user.email, "password": password, "secret": secret})
print(json.dumps(accounts))
"""


def make_accounts(env: dict, per_kind: int) -> list[dict]:
    settings = {
        "LOAD_KINDS": json.dumps(KINDS),
        "LOAD_PER_KIND": str(per_kind),
        "LOAD_PASSWORD": secrets.token_urlsafe(16),
    }
    out = manage({**env, **settings}, "shell", "-c", ACCOUNTS_SCRIPT)
    return json.loads(out.strip().splitlines()[-1])


def certificate(work: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = work / "key.pem", work / "cert.pem"
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def locust_command() -> str:
    venv = ROOT / ".venv-load"
    if not (venv / "bin" / "locust").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)  # noqa: S603
        subprocess.run(  # noqa: S603
            [str(venv / "bin" / "pip"), "install", "-q", "-r", str(ROOT / "bench" / "requirements-load.txt")],
            check=True,
        )
    return str(venv / "bin" / "locust")


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own commands
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )


def wait_healthy(url: str, timeout: float = 60) -> None:
    import ssl

    context = ssl._create_unverified_context()  # noqa: S323 - our own throwaway certificate
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, context=context, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"The portal did not become healthy at {url}")


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def cpu_seconds() -> dict[str, float]:
    """CPU seconds used so far by the machine as a whole ("machine", every core, idle excepted)
    and by the processes running now, by what they are (gunicorn, celery, postgres, redis)."""
    tick = os.sysconf("SC_CLK_TCK")
    with open("/proc/stat") as handle:
        fields = [int(x) for x in handle.readline().split()[1:]]
    used = {"machine": (sum(fields) - fields[3] - fields[4]) / tick}  # less idle and iowait
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        ticks = sum(int(x) for x in stat.rsplit(")", 1)[1].split()[11:13])
        kind = next((k for k in ("gunicorn", "celery", "postgres", "redis") if k in command), None)
        if kind:
            used[kind] = used.get(kind, 0.0) + ticks / tick
    return used


def settle(env: dict, timeout: float = 600) -> str:
    """What a running portal would have done before the people arrive: planner statistics for
    the tables just filled (ANALYZE, as autovacuum would in time) and the work the seeding left
    in the Celery queue (the yearly report's PDF, reports, messages) done by the worker. Returns
    how long it took to say so."""
    import psycopg2
    import redis

    started = time.monotonic()
    connection = psycopg2.connect(env["DATABASE_URL"])
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()
    broker = redis.Redis.from_url(env["REDIS_URL"])
    quiet_since = None
    while time.monotonic() - started < timeout:
        # Waiting in the queue, or taken by the worker and not yet done (kombu's "unacked").
        busy = broker.llen(env["CELERY_QUEUE"]) + broker.hlen("unacked")
        if busy:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= 3:
            break
        time.sleep(0.5)
    broker.close()
    return f"statistics gathered and the queue settled in {time.monotonic() - started:.0f}s"


def errors_in(log: Path) -> int:
    text = log.read_text(errors="replace") if log.exists() else ""
    return text.count("Traceback (most recent call last)") + text.count('"level": "ERROR"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=5)
    parser.add_argument("--users", type=int, default=50, help="simulated people signed in at once")
    parser.add_argument("--spawn-rate", type=float, default=4)
    parser.add_argument("--duration", type=int, default=120, help="seconds of load after the ramp-up")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8443)
    parser.add_argument("--keep-data", action="store_true", help="reuse the database of an earlier run")
    args = parser.parse_args()
    locust = locust_command()

    work = Path(tempfile.mkdtemp(prefix="portal-load-"))
    env = environment(work)
    started = time.perf_counter()
    if not args.keep_data:
        fresh_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "seed_demo", "--scale", str(args.scale), "--if-empty")
    # As many accounts of each kind as there are simulated people, however Locust's weights
    # share them out: two people on one account would meet each other's edits (refused, as
    # they should be) and each other's used authenticator codes.
    accounts = make_accounts(env, per_kind=args.users)
    (work / "accounts.json").write_text(json.dumps(accounts))
    print(f"Scale {args.scale} demo data and {len(accounts)} accounts ready in {time.perf_counter() - started:.0f}s")

    key, cert = certificate(work)
    logs = {name: work / f"{name}.log" for name in ("gunicorn", "worker", "beat", "locust")}
    processes = [
        start(
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{args.port}",
                "--workers",
                str(args.workers),
                "--timeout",
                "60",
                "--keyfile",
                str(key),
                "--certfile",
                str(cert),
            ],
            env,
            logs["gunicorn"],
        ),
        start(
            [
                str(BIN / "celery"),
                "-A",
                "config",
                "worker",
                "-Q",
                env["CELERY_QUEUE"],
                "--concurrency",
                "2",
                "--loglevel",
                "WARNING",
            ],
            env,
            logs["worker"],
        ),
        start(
            [
                str(BIN / "celery"),
                "-A",
                "config",
                "beat",
                "--loglevel",
                "WARNING",
                "--schedule",
                str(work / "beat-schedule"),
            ],
            env,
            logs["beat"],
        ),
    ]
    try:
        wait_healthy(f"https://127.0.0.1:{args.port}/healthz")
        print(f"Before the load: {settle(env)}", flush=True)
        ramp = int(args.users / args.spawn_rate) + 1
        cpu_before, children_before = cpu_seconds(), os.times()
        result = subprocess.run(  # noqa: S603
            [
                locust,
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--host",
                f"https://127.0.0.1:{args.port}",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.duration + ramp}s",
                "--csv",
                str(work / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "LOAD_USERS_FILE": str(work / "accounts.json"),
                "LOAD_TIMES_FILE": str(work / "page_times.json"),
            },
            capture_output=True,
            text=True,
            check=False,
        )
        cpu_after, children_after = cpu_seconds(), os.times()
        logs["locust"].write_text(result.stdout + result.stderr)
    finally:
        stop(processes)
    report(work, args, logs)
    # Where the cores went while Locust ran: Locust (this script's only child to finish in that
    # time) and the processes that ran throughout (a database connection closed meanwhile is
    # not counted, so the parts may add up to less than the machine).
    used = {kind: cpu_after[kind] - cpu_before.get(kind, 0.0) for kind in cpu_after}
    used["Locust"] = (children_after.children_user + children_after.children_system) - (
        children_before.children_user + children_before.children_system
    )
    elapsed = children_after.elapsed - children_before.elapsed
    parts = ", ".join(
        f"{kind} {used[kind]:.0f} s" for kind in ("gunicorn", "Locust", "postgres", "celery", "redis") if kind in used
    )
    print(
        f"CPU while Locust ran ({elapsed:.0f} s, {os.cpu_count()} cores): the machine was busy "
        f"{used['machine'] / elapsed / (os.cpu_count() or 1):.0%} of the time; {parts}."
    )


def report(work: Path, args, logs: dict) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from common import table

    with (work / "load_stats.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    lines = []
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", -int(r["Request Count"]))):
        lines.append(
            (
                f"{row['Type']} {row['Name']}".strip() if row["Name"] != "Aggregated" else "ALL REQUESTS",
                row["Request Count"],
                row["Failure Count"],
                f"{float(row['Requests/s']):.1f}",
                row["50%"],
                row["95%"],
                row["Max Response Time"].split(".")[0],
            )
        )
    times_file = work / "page_times.json"
    if times_file.exists():
        recorded = json.loads(times_file.read_text())
        page_times, signed_in = recorded["pages"], recorded["signed_in"]
        everybody_in = max(signed_in, default=0.0)
        for what, chosen in (
            ("EVERY PAGE REQUEST (sign-in excepted)", page_times),
            ("EVERY PAGE REQUEST once all had signed in", [p for p in page_times if p[2] > everybody_in]),
        ):
            ordered = sorted(t for t, _failed, _at in chosen)
            if ordered:
                lines.append(
                    (
                        what,
                        str(len(ordered)),
                        str(sum(1 for _t, failed, _at in chosen if failed)),
                        "",
                        f"{ordered[len(ordered) // 2]:.0f}",
                        f"{ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]:.0f}",
                        f"{ordered[-1]:.0f}",
                    )
                )
    print(
        f"\nLoad test: {args.users} people signed in (password + authenticator code), "
        f"{args.duration}s after a ramp-up, on scale-{args.scale} demo data. gunicorn {args.workers} workers "
        f"over HTTPS, Celery worker and beat, PostgreSQL, Redis; Locust in a second process. 2 cores.\n"
    )
    print(table(lines, ("request", "count", "failures", "req/s", "median ms", "p95 ms", "max ms")))
    failures = work / "load_failures.csv"
    if failures.exists():
        with failures.open() as handle:
            for row in list(csv.DictReader(handle))[:10]:
                print(f"  failure: {row['Method']} {row['Name']}: {row['Error']} ×{row['Occurrences']}")
    print(
        f"\nErrors in the portal's logs: gunicorn {errors_in(logs['gunicorn'])}, "
        f"worker {errors_in(logs['worker'])}, beat {errors_in(logs['beat'])}. Logs kept in {work}"
    )


if __name__ == "__main__":
    main()
