"""Read a page's form the way a browser would submit it, then post it with changes."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, action_part: str, exact: bool = False):
        super().__init__(convert_charrefs=True)
        self.action_part, self.exact, self.inside, self.done = action_part, exact, False, False
        self.fields: list[tuple[str, str]] = []
        self._textarea = self._select = None
        self._buffer = ""
        self._select_value = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        action = attrs.get("action") or ""
        if (
            tag == "form"
            and not self.done
            and (action == self.action_part if self.exact else self.action_part in action)
        ):
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
            elif kind != "submit":
                self.fields.append((name, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea, self._buffer = name, ""
        elif tag == "select" and name:
            self._select, self._select_value = name, None
        elif tag == "option" and self._select is not None:
            # The selected option, or else the first one (what a browser sends).
            if self._select_value is None or ("selected" in attrs and not self._select_value[1]):
                self._select_value = (attrs.get("value"), "selected" in attrs)

    def handle_data(self, data):
        if self._textarea is not None:
            self._buffer += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._buffer.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if self._select_value is not None:
                self.fields.append((self._select, self._select_value[0] or ""))
            self._select = None
        elif tag == "form":
            self.inside, self.done = False, True


def read_form(html: str, action_part: str, exact: bool = False) -> list[tuple[str, str]]:
    """The (name, value) pairs the form whose action contains ``action_part`` (``exact``:
    is ``action_part``) would send."""
    reader = _FormReader(action_part, exact)
    reader.feed(html)
    assert reader.done, f"no form with action containing {action_part!r}"
    return reader.fields


def submit(client, page_url: str, action_part: str, changes: dict | None = None, drop=(), add=()):
    """Load ``page_url``, fill its form, apply ``changes`` (replace), ``drop`` names,
    ``add`` extra pairs, and post it to its action."""
    page = client.get(page_url)
    assert page.status_code == 200, page.status_code
    fields = [(k, v) for k, v in read_form(page.get_data(as_text=True), action_part) if k not in drop]
    changes = changes or {}
    fields = [(k, changes[k]) if k in changes else (k, v) for k, v in fields]
    fields += [(k, v) for k, v in changes.items() if k not in {name for name, _v in fields}]
    fields += list(add)
    return client.post(action_part if action_part.startswith("/") else page_url, data=_multidict(fields))


def _multidict(pairs):
    from werkzeug.datastructures import MultiDict

    return MultiDict(pairs)
