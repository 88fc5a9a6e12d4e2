"""Helpers for intake tests: a minimal PDF, and posting the add-a-document form like a browser."""

from __future__ import annotations

import io
import re


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text is ``lines`` (Helvetica, no external tools needed)."""
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    content = "BT /F1 11 Tf 40 760 Td 14 TL " + " ".join(f"({line}) Tj T*" for line in escaped) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


LETTER = (
    "Dear Secretary Mayorkas,\n\n"
    "We write about the reinstatement of the Remain in Mexico policy.\n\n"
    "We urge you to end the Migrant Protection Protocols; restore access to asylum at ports of entry; "
    "and stop expelling asylum seekers under Title 42.\n\n"
    "Sincerely,\n\nWashington Office on Latin America\nHuman Rights First\n"
)


def document_form(**overrides) -> dict:
    """The fields of the add-a-document form, filled in; ``overrides`` replace any of them."""
    data = {
        "title": "Letter to Secretary Mayorkas",
        "text": LETTER,
        "publisher": "",
        "new_publisher": "",
        "published_on": "",
        "url": "",
        "language": "en",
        "kind": "letter",
    }
    data.update(overrides)
    return data


def upload(name: str, content: bytes) -> tuple:
    """A file field value for the test client."""
    return (io.BytesIO(content), name)


def decide_in_review(
    client,
    candidate,
    action: str = "accept",
    untick=(),
    add: dict | None = None,
    changes: dict | None = None,
    page: str | None = None,
):
    """Submit a candidate's decision form as a browser would: read it from the review page,
    untick picker rows whose actor slug (or proposed name) is in ``untick``, type
    ``add[picker]`` ("addressees" or "makers") into that picker's "Add an actor" field,
    apply ``changes`` (field name → value) and press the ``action`` button. ``page``: the
    HTML to read the form from (a page answered after an error), instead of the review page."""
    from werkzeug.datastructures import MultiDict

    from tests.curation.helpers import read_form

    if page is None:
        page = client.get(f"/intake/documents/{candidate.document_id}").get_data(as_text=True)
    fields = read_form(page, f"/intake/candidates/{candidate.id}", exact=True)
    values = dict(fields)
    unticked = {
        re.sub(r"-(actor|new-name)$", "-keep", name)
        for name, value in fields
        if name.endswith(("-actor", "-new-name")) and value in untick
    }
    fields = [(name, value) for name, value in fields if name not in unticked]
    for picker, text in (add or {}).items():
        name = f"c{candidate.id}-{picker}-new"
        assert name in values, name
        fields = [(k, text if k == name else v) for k, v in fields]
    for key, value in (changes or {}).items():
        fields = [(k, v) for k, v in fields if k != key]
        fields += [(key, v) for v in (value if isinstance(value, list) else [value])]
    return client.post(f"/intake/candidates/{candidate.id}", data=MultiDict(fields + [("action", action)]))
