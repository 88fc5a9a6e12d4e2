"""Themes: the subjects recommendations are filed under."""
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db import Base


class Theme(Base):
    """A subject such as "Title 42" or "Processing sites"."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<Theme {self.slug}>"
