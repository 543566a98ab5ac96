"""Apply Alembic migrations from code (the run command, the CLI and the tests use this)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from fitapp.core.config import PROJECT_ROOT


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    config.attributes["configure_logging"] = False
    if url:
        # ConfigParser interpolation: a literal % must be doubled.
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


# Derived tables kept by triggers and a job, with no models: the funnel's aggregates
# (migration 014) and the data-quality counts (015). Autogenerate leaves them alone.
DERIVED_TABLE_PREFIXES = ("funnel_", "data_quality_")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's filter: everything but the derived tables and their indexes."""
    if type_ == "table":
        return not name.startswith(DERIVED_TABLE_PREFIXES)
    if type_ == "index" and getattr(obj, "table", None) is not None:
        return not obj.table.name.startswith(DERIVED_TABLE_PREFIXES)
    return True


def upgrade_to_head(url: str | None = None) -> None:
    command.upgrade(alembic_config(url), "head")


def downgrade_to_base(url: str | None = None) -> None:
    command.downgrade(alembic_config(url), "base")
