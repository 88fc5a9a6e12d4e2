"""Hostile PDFs, built byte by byte for the upload-limit tests (no files are checked in)."""

from __future__ import annotations

import io
import zlib

from tests.intake.helpers import make_pdf


def assemble(objects: list[bytes], *, root: int = 1, broken_xref: bool = False) -> bytes:
    """A PDF file from object bodies (numbered from 1), with a cross-reference table."""
    parts, offsets, size = [b"%PDF-1.7\n"], [], 9
    for number, body in enumerate(objects, 1):
        offsets.append(size)
        parts.append(b"%d 0 obj\n" % number + body + b"\nendobj\n")
        size += len(parts[-1])
    xref = size
    out = b"".join(parts) + b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    if broken_xref:
        offsets = [offset + 7 for offset in offsets]  # every entry points into the middle of an object
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return out


def _page_objects(content: bytes, extra: bytes = b"") -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R " + extra + b">>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        content,
    ]


def _flate_stream(chunk: bytes, repeat: int) -> bytes:
    """A FlateDecode stream that inflates to ``chunk`` × ``repeat`` bytes."""
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(chunk) for _ in range(repeat)) + compressor.flush()
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"


def decompression_bomb(megabytes: int = 200) -> bytes:
    """One page whose content stream inflates to ``megabytes`` MB of zeros (about 1 MB on disk per GB; a reader must not inflate it all)."""
    return assemble(_page_objects(_flate_stream(b"\0" * (1024 * 1024), megabytes)))


def endless_text(megabytes: int = 60) -> bytes:
    """One page with millions of text operators: legal, small on disk, very slow to read."""
    return assemble(_page_objects(_flate_stream(b"(We urge) Tj 0 -1 Td " * 50_000, megabytes)))


def many_pages(count: int = 20_000) -> bytes:
    """A document of ``count`` (empty) pages."""
    kids = b" ".join(b"%d 0 R" % (number + 3) for number in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"] * count
    return assemble(objects)


def deeply_nested(depth: int = 200_000) -> bytes:
    """A page whose resources hold an array nested ``depth`` levels deep."""
    content = b"BT /F1 11 Tf 40 760 Td (We urge you to act.) Tj ET"
    stream = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    return assemble(_page_objects(stream, extra=b"/Nested " + b"[" * depth + b"]" * depth + b" "))


def encrypted() -> bytes:
    """A readable one-page PDF, encrypted with a user password."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(make_pdf(["We urge the government to act."]))))
    writer.encrypt("a secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def broken_xref_recoverable() -> bytes:
    """A sound document whose cross-reference table is wrong: a reader can rebuild it."""
    content = b"BT /F1 11 Tf 40 760 Td (The government must end expulsions.) Tj ET"
    return assemble(
        _page_objects(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"), broken_xref=True
    )


def broken_xref_unrecoverable() -> bytes:
    """A wrong cross-reference table and no page tree to rebuild it from."""
    return (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\n"
        b"xref\n0 2\nnot a table\ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n999999\n%%EOF\n"
    )


def unsupported() -> bytes:
    """A PDF header followed by bytes that are no PDF syntax at all."""
    return b"%PDF-2.9\n" + bytes(range(256)) * 64
