"""Uploaded files kept in the database (UPLOAD_STORAGE=database), so every web node reads the same ones."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, utcnow


class StoredFile(Base):
    __tablename__ = "stored_file"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    # bytea on PostgreSQL: uploads are at most MAX_UPLOAD_MB, far below its 1 GB limit for one value.
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
