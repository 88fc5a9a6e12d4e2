"""URL slugs: made from names, unique per table."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session


def slugify(text: str, max_length: int = 100) -> str:
    """A URL slug: ASCII lowercase words joined by hyphens (never empty, never all digits)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:max_length].strip("-")
    return slug if slug and not slug.isdigit() else f"item-{slug or 'x'}"


def unique_slug(session: Session, model, base: str, taken: set[str] | None = None) -> str:
    """``base``, or ``base-2``, ``base-3``... : the first one no row of ``model`` (nor ``taken``) uses."""
    slug, n = base, 2
    while (taken and slug in taken) or session.scalar(select(model.id).where(model.slug == slug)) is not None:
        slug = f"{base[:70]}-{n}"
        n += 1
    return slug
