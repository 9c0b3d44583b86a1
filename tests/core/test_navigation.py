"""The navigation: a handful of sections shaped by what people do, each person seeing only
what they can use, with the current section and page marked."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _top_row(html: str) -> list[str]:
    menu = html[html.index('id="navigation"') : html.index("</ul>", html.index('id="navigation"'))]
    return [" ".join(re.sub(r"<[^>]+>", " ", label).split()) for label in re.findall(r'__link"[^>]*>(.*?)</a>', menu)]


def test_the_business_unit_sees_a_handful_of_sections_not_every_page(cast, client_for):
    html = client_for(cast["business"]).get(reverse("core:home")).content.decode()
    sections = [re.sub(r" \d+ needing attention$", "", label) for label in _top_row(html)]
    assert sections == [
        "My work",
        "Meetings",
        "Reviews",
        "Audits",
        "Assurance",
        "Training",
        "Listening",
        "Policies",
        "Partnership",
    ]


def test_someone_without_a_role_sees_only_their_own_work(cast, client_for):
    html = client_for(cast["outsider"]).get(reverse("core:home")).content.decode()
    assert [re.sub(r" \d+ needing attention$", "", label) for label in _top_row(html)] == ["My work"]


def test_the_current_section_and_page_are_marked_with_the_sections_pages_below(cast, client_for):
    html = client_for(cast["business"]).get(reverse("subgroups:meeting-list")).content.decode()
    assert re.search(r'aria-current="true"><strong[^>]*>Meetings</strong>', html)
    sub = html[html.index('class="app-sub-navigation"') :]
    sub = sub[: sub.index("</nav>")]
    assert re.search(r'href="/meetings/" aria-current="page">Meetings', sub)
    assert "Groups" in sub and "Action plans" in sub


def test_a_section_with_one_page_has_no_second_row(cast, client_for):
    html = client_for(cast["business"]).get(reverse("audits:home")).content.decode()
    assert "app-sub-navigation" not in html
