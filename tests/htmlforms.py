"""Read an HTML form the way a browser would submit it, so generic tests can fill and send any
form in the portal."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Control:
    name: str
    kind: str  # text, textarea, select, radio, checkbox, hidden, file, ...
    value: str = ""
    checked: bool = False
    has_value: bool = True
    options: list[str] = field(default_factory=list)
    selected: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    controls: list[Control] = field(default_factory=list)

    def names(self) -> set[str]:
        return {c.name for c in self.controls}

    def payload(self) -> dict:
        """What the browser would send, as a dict of lists."""
        data: dict[str, list[str]] = {}
        for control in self.controls:
            if control.kind in ("radio", "checkbox"):
                if control.checked:
                    data.setdefault(control.name, []).append(control.value if control.has_value else "on")
            elif control.kind == "select":
                data.setdefault(control.name, []).extend(control.selected[:1] or control.options[:1])
            elif control.kind in ("submit", "button", "file", "reset", "image"):
                continue
            else:
                data.setdefault(control.name, []).append(control.value)
        return data


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Control | None = None
        self._option: str | None = None
        self._option_selected = False
        self._textarea: Control | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = Form(attrs.get("action", ""), attrs.get("method", "get").lower(), attrs.get("enctype", ""))
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text").lower()
            self._form.controls.append(Control(attrs["name"], kind, attrs.get("value", ""), checked="checked" in attrs))
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = Control(attrs["name"], "textarea", "")
            self._form.controls.append(self._textarea)
        elif tag == "select" and attrs.get("name"):
            self._select = Control(attrs["name"], "select")
            self._form.controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = attrs.get("value")
            self._option_selected = "selected" in attrs
            self._option_text = ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if self._select is not None and self._option is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            if self._textarea is not None and self._textarea.value.startswith("\n"):
                self._textarea.value = self._textarea.value[1:]
            self._textarea = None
        elif tag == "option" and self._select is not None:
            value = self._option if self._option is not None else self._option_text.strip()
            self._select.options.append(value)
            if self._option_selected:
                self._select.selected.append(value)
            self._option = None
        elif tag == "select":
            self._select = None


def forms_in(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms


def main_form(html: str, *, needs: str | None = None) -> Form:
    """The page's main POST form (the one carrying `needs`, if given)."""
    candidates = [f for f in forms_in(html) if f.method == "post" and "csrfmiddlewaretoken" in f.names()]
    if needs:
        candidates = [f for f in candidates if needs in f.names()]
    if not candidates:
        raise AssertionError("No POST form on the page")
    return max(candidates, key=lambda f: len(f.controls))
