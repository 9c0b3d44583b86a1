"""The public pages: no sign-in, the same for every reader, cacheable (core.public). Each
reads only the published material another app's `public_selectors` module offers."""

from django.http import FileResponse, Http404

from core.pagination import paginate
from core.public import public_page, render_public
from partnership import public_selectors as partnership
from policies import public_selectors as policies
from reviews import public_selectors as reviews
from scrutiny import public_selectors as scrutiny
from subgroups import public_selectors as groups

SEARCH_LENGTH = 100


@public_page
def about(request):
    return render_public(
        request,
        "website/about.html",
        {
            "details": partnership.partnership_details(),
            "partners": partnership.safeguarding_partners(),
            "agencies": partnership.relevant_agencies_by_kind(),
            "groups": groups.group_structure(),
            "priorities": partnership.current_priorities(),
        },
    )


@public_page
def policy_list(request):
    kinds = policies.kinds_in_force()
    kind = request.GET.get("kind", "")
    kind = kind if kind in dict(kinds) else ""
    # A search is a few words: anything longer is cut, never an error.
    search = " ".join(request.GET.get("q", "").split())[:SEARCH_LENGTH]
    page = paginate(request, policies.published_documents(kind, search))
    page.documents = [policies.as_published(row) for row in page.object_list]
    return render_public(
        request,
        "website/policy_list.html",
        {"page": page, "kinds": kinds, "kind": kind, "search": search, "filtered": bool(kind or search)},
    )


@public_page
def policy_detail(request, slug: str):
    document = policies.published_document(slug)
    if document is None:
        raise Http404("No such document")
    return render_public(request, "website/policy_detail.html", {"document": document})


@public_page
def policy_document(request, slug: str):
    """The file of the version in force, as an attachment; the public may have it."""
    stored = policies.published_file(slug)
    if stored is None:
        raise Http404("No such document")
    return _attachment(stored)


@public_page
def practice_review_list(request):
    page = paginate(request, reviews.published_practice_reviews())
    page.reviews = [{**row, "kind_label": reviews.kind_label(row["kind"])} for row in page.object_list]
    return render_public(request, "website/practice_review_list.html", {"page": page})


@public_page
def yearly_report_list(request):
    page = paginate(request, scrutiny.published_yearly_reports())
    page.reports = [{**row, "label": scrutiny.label(row["year"])} for row in page.object_list]
    return render_public(request, "website/yearly_report_list.html", {"page": page})


@public_page
def yearly_report_pdf(request, year: int):
    stored = scrutiny.published_yearly_report_file(year)
    if stored is None:
        raise Http404("No such report")
    return _attachment(stored, inline=True)


def _attachment(stored, *, inline: bool = False) -> FileResponse:
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=not inline,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
