"""A throwaway PostgreSQL cluster for the tests: ``initdb`` in a temporary folder, a server on a free loopback
port (TCP only, no Unix socket), trust authentication, ``fsync`` off; stopped and removed afterwards.

Debian's server binaries live in ``/usr/lib/postgresql/<version>/bin`` (``apt-get install postgresql``, as
``.ci/run`` does); ``POSTGRES_BIN`` names another folder. PostgreSQL refuses to run as root, so under root the
cluster belongs to ``nobody`` and lives in a folder of its own in the system's temporary directory (a root-only
pytest folder cannot be entered by ``nobody``); otherwise under the given folder.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path
from types import TracebackType

__all__ = ["PostgresCluster", "find_bin_dir"]

_USER = "nobody"


def find_bin_dir() -> Path | None:
    """The folder with ``initdb`` and ``pg_ctl``, or None when PostgreSQL is not installed."""
    given = os.environ.get("POSTGRES_BIN")
    candidates = [given] if given else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True)
    which = shutil.which("initdb")
    if which:
        candidates.append(str(Path(which).resolve().parent))
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _version(folder: str) -> int:
    name = Path(folder).parent.name
    return int(name) if name.isdigit() else 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresCluster:
    """``with PostgresCluster(tmp) as pg: pg.url`` — a running server; ``stop()`` / ``start()`` /
    ``kill()`` for fault tests; ``create_database()`` for a fresh, isolated database."""

    def __init__(self, base: Path, bin_dir: Path | None = None) -> None:
        found = bin_dir or find_bin_dir()
        if found is None:
            raise RuntimeError(
                "PostgreSQL is not installed (apt-get install postgresql, or set POSTGRES_BIN)"
            )
        self.bin_dir = found
        self.as_root = os.geteuid() == 0
        if self.as_root:  # nobody cannot enter root's pytest folders
            self.home = Path(tempfile.mkdtemp(prefix="ra-postgres-"))
            self.gid = pwd.getpwnam(_USER).pw_gid
            shutil.chown(self.home, _USER, self.gid)
        else:
            self.home = base / "postgres"
            self.home.mkdir(parents=True, exist_ok=True)
        self.data = self.home / "data"
        self.log = self.home / "server.log"
        self.port = _free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        kwargs: dict[str, object] = {}
        if self.as_root:
            kwargs.update(user=_USER, group=self.gid, extra_groups=[])
        return subprocess.run(
            [str(self.bin_dir / args[0]), *args[1:]],
            check=check,
            capture_output=True,
            text=True,
            cwd=self.home,
            timeout=120,
            **kwargs,  # type: ignore[arg-type]
        )

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")

    def start(self) -> None:
        """Start the server and return once it accepts connections (``pg_ctl -w`` waits for that)."""
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off "
            "-c max_connections=200"
        )
        result = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start", check=False
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"postgres did not start:\n{result.stdout}{result.stderr}\n{self.server_log()}"
            )

    def stop(self, mode: str = "fast") -> None:
        """``fast`` (clients disconnected, clean shutdown) or ``immediate`` (like a crash: recovery at start)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def restart(self, mode: str = "immediate") -> None:
        self.stop(mode)
        self.start()

    @property
    def running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def server_log(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; its URL."""
        import psycopg

        name = name or "t" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + "/" + name

    def __enter__(self) -> PostgresCluster:
        self.init()
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop("immediate")
        shutil.rmtree(self.home, ignore_errors=True)
