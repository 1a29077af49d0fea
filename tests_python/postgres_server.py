"""Start and stop a throw-away PostgreSQL server for the test session.

The server comes from Debian's `postgresql` package. It gets a fresh data folder under the system's
temporary directory, listens only on 127.0.0.1 on a free port (54329 or the next free one), trusts
every local connection, and is removed with its folder by `stop()`.

PostgreSQL does not run as root. When the tests run as root (CI does), initdb and pg_ctl run as
the unprivileged `postgres` user that the Debian package creates, through `runuser`, and that user
owns the data folder.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from psycopg2 import sql

FIRST_PORT = 54329
PORTS_TO_TRY = 20
SERVER_USER_WHEN_ROOT = "postgres"
SUPERUSER = "advocacy_test"

# A time zone with a half-hour offset, unlike the UTC that DuckDB gets on a machine set to UTC.
# A model that depends on the session time zone instead of converting to UTC then gives other
# rows here than on DuckDB, and the comparison test fails.
SERVER_TIME_ZONE = "Asia/Kolkata"

MISSING_SERVER_MESSAGE = (
    "PostgreSQL server programs (initdb, pg_ctl) were not found in `pg_config --bindir`, "
    "/usr/lib/postgresql/*/bin or PATH. Install Debian's package `postgresql` "
    "(sudo apt-get install --no-install-recommends postgresql), "
    "or deselect the PostgreSQL tests with: bin/test -k 'not postgres'"
)


class PostgresUnavailableError(RuntimeError):
    """PostgreSQL cannot be started on this machine: programs missing or no usable user."""


@dataclass(frozen=True)
class PostgresSettings:
    """Connection settings of a running test server."""

    host: str
    port: int
    user: str
    password: str
    database: str

    def as_environment(self) -> dict[str, str]:
        """Return the ADVOCACY_PG_* variables that profiles/profiles.yml reads for the postgres target."""
        return {
            "ADVOCACY_PG_HOST": self.host,
            "ADVOCACY_PG_PORT": str(self.port),
            "ADVOCACY_PG_USER": self.user,
            "ADVOCACY_PG_PASSWORD": self.password,
            "ADVOCACY_PG_DATABASE": self.database,
        }

    def connect(self) -> psycopg2.extensions.connection:
        """Open an autocommit connection to the test database.

        Autocommit ends every statement's transaction at once. An open transaction would keep the
        locks of the tables it read, and a dbt command run meanwhile would wait for it to end before
        replacing those tables.
        """
        connection = psycopg2.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            dbname=self.database,
        )
        connection.autocommit = True
        return connection


def find_server_bindir() -> Path:
    """Return the folder that contains initdb and pg_ctl, or raise PostgresUnavailableError.

    Debian keeps the server programs out of PATH, in /usr/lib/postgresql/<major>/bin. `pg_config`
    comes from libpq-dev and can exist without the server, so each candidate must contain both programs.
    """
    candidates: list[Path] = []

    pg_config = shutil.which("pg_config")
    if pg_config:
        completed = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        if completed.returncode == 0 and completed.stdout.strip():
            candidates.append(Path(completed.stdout.strip()))

    # Newest major version first: sort by the number, not the text, so 9 does not beat 15.
    debian_bindirs = glob.glob("/usr/lib/postgresql/*/bin")
    debian_bindirs.sort(key=lambda path: _major_version(Path(path).parent.name), reverse=True)
    candidates.extend(Path(path) for path in debian_bindirs)

    initdb_on_path = shutil.which("initdb")
    if initdb_on_path:
        candidates.append(Path(initdb_on_path).resolve().parent)

    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    raise PostgresUnavailableError(MISSING_SERVER_MESSAGE)


def _major_version(folder_name: str) -> float:
    try:
        return float(folder_name)
    except ValueError:
        return -1.0


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class PostgresServer:
    """One PostgreSQL server in a temporary folder. Call start(), then always stop().

    stop() is safe to call more than once and at any point of start(). start() also registers stop()
    with atexit, as a backstop for an interpreter that exits without running the caller's cleanup.
    """

    def __init__(self, database: str = "advocacy", first_port: int = FIRST_PORT) -> None:
        self.database = database
        self.first_port = first_port
        self.base_dir: Path | None = None
        self.port: int | None = None
        self._bindir: Path | None = None
        self._run_as: str | None = None
        self._start_attempted = False

    @property
    def data_dir(self) -> Path:
        assert self.base_dir is not None, "the server has not been started"
        return self.base_dir / "data"

    @property
    def log_file(self) -> Path:
        assert self.base_dir is not None, "the server has not been started"
        return self.base_dir / "server.log"

    def start(self) -> PostgresSettings:
        """Create the cluster, start the server, create the database and return how to connect."""
        self._bindir = find_server_bindir()
        self._run_as = self._choose_server_user()
        atexit.register(self.stop)

        self.base_dir = Path(tempfile.mkdtemp(prefix="advocacy-pg-"))
        if self._run_as is not None:
            account = pwd.getpwnam(self._run_as)
            os.chown(self.base_dir, account.pw_uid, account.pw_gid)

        self._run_as_server_user(
            [
                str(self._bindir / "initdb"),
                "--pgdata", str(self.data_dir),
                "--username", SUPERUSER,
                "--auth", "trust",
                "--encoding", "UTF8",
                # The C locale sorts text by byte value, as DuckDB does, so `order by` on text picks
                # the same rows on both engines.
                "--locale", "C",
                "--no-sync",
            ],
            step="initdb",
        )

        self.port = self._start_on_free_port()
        settings = PostgresSettings(
            host="127.0.0.1",
            port=self.port,
            user=SUPERUSER,
            password="",
            database=self.database,
        )
        self._create_database(settings)
        return settings

    def stop(self) -> None:
        """Stop the server if it runs and delete its folder. Safe to call more than once.

        A second Ctrl-C during stop() is ignored (in the main thread), so it cannot leave the server
        running.
        """
        if self.base_dir is None:
            return

        in_main_thread = threading.current_thread() is threading.main_thread()
        previous_sigint_handler = signal.signal(signal.SIGINT, signal.SIG_IGN) if in_main_thread else None
        try:
            if self._start_attempted:
                self._stop_server()
            shutil.rmtree(self.base_dir, ignore_errors=True)
            self.base_dir = None
            atexit.unregister(self.stop)
        finally:
            # signal.signal() returns None for a handler installed outside Python. Restore Python's default then.
            if in_main_thread:
                signal.signal(signal.SIGINT, previous_sigint_handler or signal.default_int_handler)

    def _choose_server_user(self) -> str | None:
        """Return the user to run the server programs as, or None to run them as the current user."""
        if os.geteuid() != 0:
            return None
        try:
            pwd.getpwnam(SERVER_USER_WHEN_ROOT)
        except KeyError:
            raise PostgresUnavailableError(
                f"The tests run as root, and PostgreSQL does not run as root, but the user "
                f"'{SERVER_USER_WHEN_ROOT}' to run it as does not exist. Debian's package `postgresql` "
                f"creates it: apt-get install --no-install-recommends postgresql"
            ) from None
        if shutil.which("runuser") is None:
            raise PostgresUnavailableError(
                "The tests run as root and need `runuser` (Debian package util-linux) to start "
                "PostgreSQL as an unprivileged user, but it was not found in PATH."
            )
        return SERVER_USER_WHEN_ROOT

    def _run_as_server_user(self, command: list[str], step: str) -> subprocess.CompletedProcess[str]:
        if self._run_as is not None:
            command = ["runuser", "-u", self._run_as, "--", *command]

        completed = subprocess.run(command, capture_output=True, text=True, check=False)
        if completed.returncode != 0:
            raise RuntimeError(
                f"PostgreSQL {step} failed with exit code {completed.returncode}: {' '.join(command)}\n"
                f"{completed.stdout}{completed.stderr}"
            )
        return completed

    def _write_server_config(self, port: int) -> None:
        """Write pg_hba.conf and the settings of this run, leaving initdb's postgresql.conf as it is."""
        (self.data_dir / "pg_hba.conf").write_text(
            "# Written by tests_python/postgres_server.py: trust local socket and 127.0.0.1 only.\n"
            "local all all trust\n"
            "host all all 127.0.0.1/32 trust\n"
        )
        # postgresql.auto.conf is read after postgresql.conf, so these values win.
        (self.data_dir / "postgresql.auto.conf").write_text(
            "# Written by tests_python/postgres_server.py for one test session.\n"
            "listen_addresses = '127.0.0.1'\n"
            f"port = {port}\n"
            f"unix_socket_directories = '{self.base_dir}'\n"
            f"timezone = '{SERVER_TIME_ZONE}'\n"
            # Durability is useless for a server deleted after the tests, and costs time.
            "fsync = off\n"
            "synchronous_commit = off\n"
            "full_page_writes = off\n"
        )
        if self._run_as is not None:
            account = pwd.getpwnam(self._run_as)
            for name in ("pg_hba.conf", "postgresql.auto.conf"):
                os.chown(self.data_dir / name, account.pw_uid, account.pw_gid)

    def _start_on_free_port(self) -> int:
        """Start the server on the first free port from first_port on, and return that port.

        A port can be taken between the check and the start, so a start that fails to bind moves on
        to the next port.
        """
        for port in range(self.first_port, self.first_port + PORTS_TO_TRY):
            if not _port_is_free(port):
                continue

            self._write_server_config(port)
            self._start_attempted = True
            try:
                self._run_as_server_user(
                    [
                        str(self._bindir / "pg_ctl"),
                        "start",
                        "--pgdata", str(self.data_dir),
                        "--log", str(self.log_file),
                        "--wait",
                        "--timeout", "60",
                    ],
                    step="pg_ctl start",
                )
            except RuntimeError as error:
                if "could not bind" in self._read_log():
                    self._stop_server()
                    continue
                raise RuntimeError(f"{error}\nServer log:\n{self._read_log()}") from None
            return port

        raise RuntimeError(
            f"No free port for PostgreSQL on 127.0.0.1 in {self.first_port}-{self.first_port + PORTS_TO_TRY - 1}. "
            "Stop the programs that listen on these ports, or pass another first_port."
        )

    def _create_database(self, settings: PostgresSettings) -> None:
        connection = psycopg2.connect(
            host=settings.host, port=settings.port, user=settings.user, dbname="postgres"
        )
        try:
            # CREATE DATABASE cannot run inside a transaction block.
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL("create database {}").format(sql.Identifier(settings.database)))
        finally:
            connection.close()

    def _stop_server(self) -> None:
        """Shut the server down: fast mode first, then immediate, then SIGKILL to the postmaster."""
        pid_file = self.data_dir / "postmaster.pid"

        # A start cut short (Ctrl-C while pg_ctl waits) can leave a postmaster that has not written
        # its PID file yet. Give it a moment, so the stop below finds it.
        deadline = time.monotonic() + 5
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        if not pid_file.exists():
            return

        for mode in ("fast", "immediate"):
            try:
                self._run_as_server_user(
                    [
                        str(self._bindir / "pg_ctl"),
                        "stop",
                        "--pgdata", str(self.data_dir),
                        "--mode", mode,
                        "--wait",
                        "--timeout", "30",
                    ],
                    step=f"pg_ctl stop ({mode})",
                )
                return
            except RuntimeError:
                if not pid_file.exists():
                    return

        self._kill_postmaster()

    def _kill_postmaster(self) -> None:
        pid_file = self.data_dir / "postmaster.pid"
        try:
            postmaster_pid = int(pid_file.read_text().splitlines()[0])
        except (OSError, ValueError, IndexError):
            return

        try:
            # The postmaster runs as the server user; root may signal it, and so may that user.
            os.kill(postmaster_pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(postmaster_pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)

    def _read_log(self) -> str:
        try:
            return self.log_file.read_text(errors="replace")
        except OSError:
            return ""
