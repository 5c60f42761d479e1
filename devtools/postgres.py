"""A throw-away PostgreSQL for tests and benchmarks: Debian's server binaries, a
cluster in a temporary folder on a free local port, stopped and removed
afterwards. ``initdb`` refuses to run as root, so as root the cluster is made and
run by the ``postgres`` system user (which Debian's package creates)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from devtools.live_server import free_port

BIN_GLOB = "/usr/lib/postgresql/*/bin"
SYSTEM_USER = "postgres"
START_SECONDS = 60


def server_bin() -> Path:
    """The folder of pg_ctl and initdb (Debian keeps them off PATH)."""
    found = sorted(glob.glob(BIN_GLOB), key=lambda p: int(p.split("/")[-2]))
    if not found or not Path(found[-1], "initdb").exists():
        raise RuntimeError(
            "PostgreSQL's server is missing: run scripts/install-system-deps.sh as "
            "root (apt-get install -y postgresql)"
        )
    return Path(found[-1])


def _as_owner(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    if shutil.which("runuser") is None:
        raise RuntimeError("runuser is missing: it runs PostgreSQL as 'postgres'")
    return ["runuser", "-u", SYSTEM_USER, "--", *command]


def _run(command: list[str], cwd: str) -> None:
    done = subprocess.run(
        _as_owner(command),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=START_SECONDS,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {done.stderr.strip()[-500:]}")


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield the URL of the ``postgres`` database of a fresh cluster."""
    binaries = server_bin()
    folder = tempfile.mkdtemp(prefix="dashboard-pg-")
    if os.geteuid() == 0:
        shutil.chown(folder, user=SYSTEM_USER)
    data, port = os.path.join(folder, "db"), free_port()
    ctl = [str(binaries / "pg_ctl"), "-D", data]
    try:
        _run(
            [str(binaries / "initdb"), "-D", data, "-A", "trust", "-U", "postgres"]
            + ["-E", "UTF8", "--locale=C.UTF-8"],
            folder,
        )
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = os.path.join(folder, "log")
        _run([*ctl, "-o", options, "-l", log, "-w", "start"], folder)
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        finally:
            _run([*ctl, "-m", "immediate", "-w", "stop"], folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
