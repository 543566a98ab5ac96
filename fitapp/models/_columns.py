"""Column builders for the seed's recurring column shapes.

A Column object belongs to one table, so these are functions that build a new one each time.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

NOW = text("CURRENT_TIMESTAMP")


def uuid_pk() -> Column:
    return Column("id", UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()"))


def user_fk(table: str) -> Column:
    """`user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE`; uniqueness is a named table constraint."""
    return Column(
        "user_id",
        UUID(as_uuid=True),
        ForeignKey("users.id", ondelete="CASCADE", name=f"{table}_user_id_fkey"),
        nullable=False,
    )


def tstz(name: str, *, default_now: bool = False, nullable: bool = True) -> Column:
    return Column(name, DateTime(timezone=True), nullable=nullable, server_default=NOW if default_now else None)


def varchar(name: str, length: int, *, nullable: bool = True, default: str | None = None) -> Column:
    return Column(name, String(length), nullable=nullable, server_default=text(f"'{default}'") if default is not None else None)


def boolean(name: str, default: bool | None = None, *, nullable: bool = True) -> Column:
    server_default = None if default is None else text("true" if default else "false")
    return Column(name, Boolean, nullable=nullable, server_default=server_default)


def integer(name: str, default: int | None = None, *, nullable: bool = True) -> Column:
    return Column(name, Integer, nullable=nullable, server_default=None if default is None else text(str(default)))


def text_col(name: str, *, nullable: bool = True) -> Column:
    return Column(name, Text, nullable=nullable)


def jsonb(name: str, default: str | None = None, *, nullable: bool = True) -> Column:
    return Column(name, JSONB, nullable=nullable, server_default=None if default is None else text(f"'{default}'::jsonb"))


def text_array(name: str) -> Column:
    return Column(name, ARRAY(Text), nullable=True)
