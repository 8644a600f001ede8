"""A throwaway PostgreSQL server of a test's own: initdb in a temp folder, its own port.

PostgreSQL refuses to run as root, so as root the commands run as the `postgres` user.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.server import free_port


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_version)
    if not found:
        raise FileNotFoundError(f"no /usr/lib/postgresql/*/bin/{name}")
    return found[-1]


def _version(path: str) -> float:
    try:
        return float(path.split("/")[4])
    except ValueError:
        return 0.0


def _as_owner() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


class Cluster:
    """One PostgreSQL server: start(), stop(), url(database)."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="smeup-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(
            _bin("initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )

    def _run(self, *command: str) -> None:
        subprocess.run([*_as_owner(), *command], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        """Start the server (waits until it accepts connections)."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            _bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start"
        )

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (connections are cut)."""
        self._run(_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def remove(self) -> None:
        """Stop if running, then delete the folder."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
