"""No radio group in the portal offers Django's blank placeholder ("---------") as an answer.

The template is tested here; the link crawl (tests/test_link_crawl.py) reads every radio label
on every page each role reaches and fails on one labelled with dashes."""

from html.parser import HTMLParser

from django.forms import ChoiceField, Form, RadioSelect


class _RadioLabels(HTMLParser):
    def __init__(self):
        super().__init__()
        self.labels: list[str] = []
        self._in_label = False

    def handle_starttag(self, tag, attrs):
        if tag == "label" and "govuk-radios__label" in (dict(attrs).get("class") or ""):
            self._in_label = True
            self.labels.append("")

    def handle_endtag(self, tag):
        if tag == "label":
            self._in_label = False

    def handle_data(self, data):
        if self._in_label:
            self.labels[-1] += data


def radio_labels(html: str) -> list[str]:
    parser = _RadioLabels()
    parser.feed(html)
    return [" ".join(label.split()) for label in parser.labels]


def test_a_required_radio_group_offers_no_blank_answer_and_an_optional_one_calls_it_none():
    choices = [("", "---------"), ("a", "Apple")]

    class Required(Form):
        fruit = ChoiceField(choices=choices, widget=RadioSelect)

    class Optional(Form):
        fruit = ChoiceField(choices=choices, widget=RadioSelect, required=False)

    assert radio_labels(str(Required())) == ["Apple"]
    assert radio_labels(str(Optional())) == ["None", "Apple"]
