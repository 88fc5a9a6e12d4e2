"""Turning an upload into text: type checked by content, text decoded, HTML converted safely.

Pure functions: bytes in, text out, or an ``UnreadableUpload`` saying why not. PDF and
HTML are parsed in a limited child process by ``tracker.intake.safe_parse.read_upload``,
the one entry point for uploads.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
EXTENSIONS = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
# Signatures of files that are never text, whatever their name says.
_BINARY_SIGNATURES = (
    b"%PDF-",
    b"PK\x03\x04",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x7fELF",
    b"MZ",
    b"\xd0\xcf\x11\xe0",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
)


class UnreadableUpload(ValueError):
    """The upload cannot be used; the message says why, for the person who sent it."""


def detect_kind(filename: str, data: bytes) -> str:
    """The kind of an upload ("text", "markdown", "html" or "pdf"), checked against its content."""
    extension = ("." + filename.rsplit(".", 1)[-1].lower()) if "." in filename else ""
    kind = EXTENSIONS.get(extension)
    if kind is None:
        raise UnreadableUpload("Upload a .txt, .md, .html or .pdf file.")
    if not data.strip():
        raise UnreadableUpload("The file is empty.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UnreadableUpload("The file is larger than 5 MB.")
    if kind == "pdf":
        if not data.lstrip()[:5] == b"%PDF-":
            raise UnreadableUpload("This file is named .pdf but is not a PDF.")
        return kind
    if data.startswith(_BINARY_SIGNATURES):
        raise UnreadableUpload(f"This file is named {extension} but is not a text file.")
    if b"\x00" in data:
        raise UnreadableUpload("The file contains NUL bytes: it is not a plain text file.")
    if kind == "html" and not re.search(rb"<\s*[a-zA-Z!]", data[:4096]):
        raise UnreadableUpload("This file is named .html but contains no HTML.")
    return kind


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252, as most office tools write."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise UnreadableUpload("The file is not readable text (neither UTF-8 nor Windows-1252).") from None


def normalise(text: str) -> str:
    """Unix line ends, no trailing spaces on lines, no runs of blank lines: quotes index into this."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def unwrap_lines(page: str) -> str:
    """A PDF page's text with wrapped lines joined: pypdf keeps the layout's line breaks."""
    return re.sub(r"(?<=[^\n.:;!?])\n(?=[a-z(“\"])", " ", page)


class _TextExtractor(HTMLParser):
    """Collects the visible text of an HTML page. Scripts, styles and the like are dropped whole."""

    SKIP = {"script", "style", "head", "template", "noscript", "iframe", "object", "svg", "nav", "footer"}
    BLOCKS = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "blockquote",
        "ul",
        "ol",
        "table",
        "header",
        "main",
        "aside",
        "dd",
        "dt",
        "hr",
        "pre",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
            if tag == "li" and not self.skipping:
                self.parts.append("- ")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in ("br", "hr"):
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """The visible text of ``html``: markup, scripts and styles removed, blocks on their own lines."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
