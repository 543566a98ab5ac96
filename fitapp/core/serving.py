"""Serving the production app: build the frontend only when it changed, then run the backend.

`reflex run --env prod` rebuilds the frontend on every start (10–30 s) and runs granian
without respawning failed workers, so one killed worker stops the whole app. Here the build
is skipped when a fingerprint of everything the bundle depends on is unchanged, and the
backend is granian itself, serving the built pages and the API on one port, with
`respawn_failed_workers`: a worker that dies is replaced and the others keep serving.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from fitapp.core.config import PROJECT_ROOT

WEB_DIR = PROJECT_ROOT / ".web"
BUILT_INDEX = WEB_DIR / "build" / "client" / "index.html"
STAMP = WEB_DIR / "fitapp-build.sha256"
BUILT_PORT = WEB_DIR / "fitapp-build.port"  # the port the last build embeds (tests reuse it when free)
# What the compiled pages and the bundle are made from (the backend-only code is in fitapp/ too:
# hashing it all rebuilds a little more often than needed, never less).
_SOURCES = ("fitapp", "assets", "reflex.lock")
_SOURCE_FILES = ("rxconfig.py", "requirements.txt")
# Environment read into the bundle: the URLs the browser connects to, and the optional bench page.
_BUILD_ENV = ("REFLEX_API_URL", "REFLEX_DEPLOY_URL", "REFLEX_FRONTEND_PATH", "FITAPP_BENCHMARK_PAGE")
# Seconds between spawning a replacement worker and stopping the one it replaces (granian's option).
RESPAWN_INTERVAL = 1.0


def build_environment(port: int) -> dict[str, str]:
    """The environment of a build and a backend on `port`: the bundle embeds the backend's URL."""
    return {"REFLEX_FRONTEND_PORT": str(port), "REFLEX_BACKEND_PORT": str(port)}


def frontend_fingerprint(port: int, env: dict[str, str] | None = None) -> str:
    """A hash of every input of the frontend build: sources, pinned packages, Reflex, URLs."""
    env = os.environ if env is None else env
    digest = hashlib.sha256()
    digest.update(f"reflex {version('reflex')}\nport {port}\n".encode())
    for name in _BUILD_ENV:
        digest.update(f"{name}={env.get(name, '')}\n".encode())
    files = [PROJECT_ROOT / name for name in _SOURCE_FILES]
    for folder in _SOURCES:
        files += (path for path in (PROJECT_ROOT / folder).rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts)
    for path in sorted(files):
        if path.exists():
            digest.update(str(path.relative_to(PROJECT_ROOT)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def frontend_is_current(port: int, env: dict[str, str] | None = None) -> bool:
    return BUILT_INDEX.exists() and STAMP.exists() and STAMP.read_text().strip() == frontend_fingerprint(port, env)


def build_frontend(port: int, env: dict[str, str]) -> None:
    """Compile the pages and build the bundle into .web/build/client (Reflex's own export)."""
    STAMP.unlink(missing_ok=True)
    command = [sys.executable, "-m", "reflex", "export", "--frontend-only", "--no-zip", "--env", "prod"]
    subprocess.run(command, cwd=PROJECT_ROOT, env={**env, **build_environment(port)}, check=True)
    STAMP.write_text(frontend_fingerprint(port, env) + "\n")
    BUILT_PORT.write_text(f"{port}\n")


def last_built_port() -> int | None:
    try:
        return int(BUILT_PORT.read_text())
    except (OSError, ValueError):
        return None


def ensure_frontend(port: int, env: dict[str, str], *, force: bool = False) -> bool:
    """Build only when an input changed (or when asked); True when a build ran."""
    if not force and frontend_is_current(port, env):
        return False
    build_frontend(port, env)
    return True


def serve_backend(host: str, port: int, workers: int, public_port: int | None = None) -> None:
    """Granian with the Reflex app and the built pages on one port; failed workers respawn.

    This mirrors `reflex.utils.exec.run_granian_backend_prod` (Reflex 0.10.1), which offers no way
    to pass granian's `respawn_failed_workers`: the app is imported once here and the workers are
    forked from it, so a replacement worker starts in well under a second.
    """
    import multiprocessing

    # The app's URLs are the ones browsers use (a proxy's port when one stands in front).
    os.environ.update(build_environment(public_port or port))
    chosen = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
    folder = prepare_metrics_folder()
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import Server as Granian
    from reflex_base.environment import environment
    from reflex_base import constants

    from reflex.utils import exec as reflex_exec

    environment.REFLEX_ENV_MODE.set(constants.Env.PROD)
    environment.REFLEX_SKIP_COMPILE.set(True)  # the build above did it; workers only import
    environment.REFLEX_MOUNT_FRONTEND_COMPILED_APP.set(True)

    multiprocessing.set_start_method("fork", force=True)
    if not reflex_exec._preload_for_fork(None):
        multiprocessing.set_start_method("spawn", force=True)
    server = Granian(
        target=reflex_exec.get_app_instance_from_file(),
        factory=True,
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        log_level=LogLevels(os.getenv("GRANIAN_LOG_LEVEL", "warning")),
        log_dictconfig=reflex_exec._granian_log_dictconfig(),
        workers=workers,
        respawn_failed_workers=True,
        respawn_interval=RESPAWN_INTERVAL,
    )
    try:
        server.serve()
    finally:
        if not chosen:  # our own temporary folder: its figures end with this server
            import shutil

            shutil.rmtree(folder, ignore_errors=True)


def prepare_metrics_folder() -> str:
    """Prometheus multiprocess mode: one folder for this server's workers, empty at each start.

    Set before anything imports prometheus_client, so every forked worker writes its figures there.
    PROMETHEUS_MULTIPROC_DIR may name it; by default a private temporary folder.
    """
    import tempfile

    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or tempfile.mkdtemp(prefix="fitapp-metrics-")
    Path(folder).mkdir(parents=True, exist_ok=True)
    for stale in Path(folder).glob("*.db"):  # figures of an earlier run would count twice
        stale.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    return folder


def default_workers() -> int:
    """GRANIAN_WORKERS, else Reflex's own rule (2·cores+1 with Redis, 1 without)."""
    if os.environ.get("GRANIAN_WORKERS"):
        return int(os.environ["GRANIAN_WORKERS"])
    from reflex.utils import processes

    return processes.get_num_workers()


def main() -> None:
    """`python -m fitapp.core.serving HOST PORT [PUBLIC_PORT]`: the backend alone (the frontend is built)."""
    host, port = sys.argv[1], int(sys.argv[2])
    public_port = int(sys.argv[3]) if len(sys.argv) > 3 else port
    if not BUILT_INDEX.exists():
        raise SystemExit(f"no frontend build in {BUILT_INDEX.parent}: run `python -m fitapp.cli serve`")
    serve_backend(host, port, default_workers(), public_port)


if __name__ == "__main__":
    main()
