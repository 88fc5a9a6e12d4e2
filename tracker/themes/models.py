"""Themes: the subjects recommendations are filed under."""

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db import Base, UTCDateTime


class Theme(Base):
    """A subject such as "Title 42" or "Processing sites"."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(Text)
    # Names given in the interface; seeded themes are translated through the catalog.
    name_es: Mapped[str | None] = mapped_column(String(120))
    description_es: Mapped[str | None] = mapped_column(Text)
    # Retired themes are no longer offered; recommendations filed under them keep them.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Optimistic locking, as for recommendations: a stale edit is refused.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    def label(self, language: str) -> str:
        """The name to show in ``language``: the Spanish name when set, else the catalog's."""
        from flask_babel import gettext

        if language == "es" and self.name_es:
            return self.name_es
        return gettext(self.name)

    def __repr__(self) -> str:
        return f"<Theme {self.slug}>"
