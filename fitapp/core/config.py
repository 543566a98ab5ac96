"""Settings read once from the environment (12-factor); everything runs in UTC."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # No DATABASE_URL: an embedded PostgreSQL (pgserver) keeps its data under data_dir.
    database_url: str | None = None
    # No REDIS_URL: no profile cache, and Reflex keeps its state on disk.
    redis_url: str | None = None
    data_dir: Path = PROJECT_ROOT / "data"
    # Keys the hashes of session tokens; set a long random value in production.
    secret_key: str = Field(default="dev-only-change-me", min_length=8)
    environment: str = "development"
    db_pool_size: int = 5
    db_max_overflow: int = 10
    # A stalled database gives a clear error within about 5 s, never a hang (fitapp.core.db).
    db_connect_timeout_s: int = 3
    db_pool_timeout_s: float = 5.0
    db_statement_timeout_ms: int = 4000
    db_lock_timeout_ms: int = 3000
    db_idle_in_transaction_timeout_ms: int = 10_000
    db_round_trip_deadline_ms: int = 5000  # client side: a frozen server enforces none of the above
    db_ping_deadline_ms: int = 1500  # the checkout ping; then a fresh connect (connect timeout) at most
    # A connection that came back to the pool healthy this recently is handed out without its ping:
    # the ping is a whole round trip, as long as a one-statement read (benchmarks/bench_reads.py).
    # 0 pings every checkout.
    db_ping_skip_ms: int = 1000
    # Argon2id: OWASP's first recommended configuration (19 MiB, 2 passes, 1 lane), measured here at
    # about 19 ms of one core per hash, against 170 ms for argon2-cffi's default (64 MiB, 3, 4), at which
    # 2 cores check at most 12 passwords a second. Hashes made with other parameters are upgraded at
    # their next sign-in (`password_needs_rehash`).
    argon2_time_cost: int = 2
    argon2_memory_kib: int = 19 * 1024
    argon2_parallelism: int = 1
    # At most this many passwords hashed or checked at once per worker (0: the cores this process
    # may use, divided among GRANIAN_WORKERS); the rest wait in line, holding no thread or connection.
    password_hash_concurrency: int = 0
    # A sign-in that waited this long for its turn is answered 503 "busy, try again" instead.
    password_queue_wait_s: float = 10.0
    profile_cache_ttl_seconds: int = 24 * 3600
    # Free attempts per client IP before progressive delays (domain.accounts IP_POLICY,
    # SIGN_UP_IP_POLICY); raised only where many people share one address (and in tests).
    sign_in_failures_per_ip: int = 20
    sign_ups_per_ip: int = 10
    # The address people open (e.g. https://fitapp.example.com); https turns on HSTS.
    public_url: str = "http://localhost:3000"
    # Reverse proxies in front of the app whose X-Forwarded-For is trusted (0: none).
    trusted_proxy_hops: int = 0

    @property
    def embedded_pg_dir(self) -> Path:
        return self.data_dir / "postgres"


@lru_cache
def get_settings() -> Settings:
    return Settings()
