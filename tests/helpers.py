"""Helpers the app test modules share."""

from contextlib import nullcontext
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import kept

# Transaction control is not a query of the page: bench/run does not count it, and a test's
# savepoints (its request runs inside the test's transaction) would otherwise add four.
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def count_queries(client, url: str, *, afresh: bool = True) -> tuple[int, object]:
    """The queries of one render of the page; `afresh`, with nothing kept from an earlier
    render (core.kept), as the first render after a change does its work."""
    with CaptureQueriesContext(connection) as captured, _keeping(not afresh):
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return sum(not query["sql"].startswith(TRANSACTION_CONTROL) for query in captured), captured


def _keeping(keep: bool):
    return nullcontext() if keep else mock.patch.object(kept, "kept", lambda name, sources, work: work())


def _fewest_queries(client, url: str) -> tuple[int, object]:
    """The fewer of two renders: on a loaded machine a cache read can time out (core.cache
    answers a miss) and cost one extra query, which is not the page growing with the data."""
    first = count_queries(client, url)
    second = count_queries(client, url)
    return min(first, second, key=lambda measured: measured[0])


def assert_constant_queries(client, url: str, grow) -> tuple[int, int]:
    """Render `url` with `grow()` applied once, then with it applied three times: the query
    count must be the same. A first render warms caches so both measured renders are alike."""
    grow()
    client.get(url)
    small, small_queries = _fewest_queries(client, url)
    grow()
    grow()
    large, large_queries = _fewest_queries(client, url)
    assert large == small, (
        f"{url}: {small} queries before growing the data, {large} after.\nBefore:\n"
        + "\n".join(q["sql"][:160] for q in small_queries.captured_queries)
        + "\nAfter:\n"
        + "\n".join(q["sql"][:160] for q in large_queries.captured_queries)
    )
    return small, large


# Every main page's query budget (bench/run checks the same figure at scale 5).
QUERY_BUDGET = 15


def assert_query_budget(client, url: str, grow, budget: int = QUERY_BUDGET) -> int:
    """The page's query count is the same at two data sizes (assert_constant_queries) and
    within the budget for a main page."""
    _small, large = assert_constant_queries(client, url, grow)
    assert large <= budget, f"{url}: {large} queries, over the budget of {budget}"
    return large


def form_errors(response) -> dict:
    form = response.context.get("form")
    return dict(form.errors) if form is not None else {}


def post_edit(client, url: str, data: dict, **extra):
    """Post an edit form as a browser would: having opened it first, so the form's snapshot of
    the record (core.concurrency) goes back with the changes."""
    opened = client.get(url)
    snapshot = opened.context["form"].initial.get("_snapshot", "")
    return client.post(url, {**data, "_snapshot": snapshot}, **extra)


def pdf_problems(data: bytes) -> list[str]:
    """Why a PDF the portal makes is not fit to publish as an accessible document (none: it
    is): tagged (a structure tree, marked content), the document's language and title set,
    the title shown in the viewer's title bar, and declared PDF/UA."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    problems = []
    if "/StructTreeRoot" not in root:
        problems.append("not tagged: no structure tree")
    if not root.get("/MarkInfo", {}).get("/Marked"):
        problems.append("not marked as tagged content")
    if not str(root.get("/Lang", "")).strip():
        problems.append("no document language")
    if not str((reader.metadata or {}).get("/Title", "")).strip():
        problems.append("no document title")
    if str(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", "")).lower() != "true":
        problems.append("the viewer is not told to show the title")
    xmp = reader.xmp_metadata
    if xmp is None or b"pdfuaid" not in xmp.stream.get_data():
        problems.append("not declared PDF/UA")
    return problems
