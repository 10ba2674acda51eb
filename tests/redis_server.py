"""A real ``redis-server`` for the cluster tests, one per test process.

``require_redis_server()`` skips a test when ``redis-server`` is not on PATH (and fails it under ``CI=true``);
``start()`` runs one on a free loopback port in a temporary folder, without persistence, and returns once it
answers PING; ``RedisServer.stop()`` ends it (SIGTERM, then SIGKILL). The fixtures ``redis_server`` (one server
per test process, so each pytest-xdist worker has its own) and ``redis_url`` (database 0, emptied before each
test) are in ``conftest.py``; a test that uses them carries ``@pytest.mark.redis``.

Nothing here touches a Redis the machine may already run (Debian starts one on port 6379 after installing the
package): the server is started with its arguments only, no configuration file, and a port of its own.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

HOST = "127.0.0.1"
ENABLE_HINT = (
    "Redis tests disabled: {reason}. Enable them with `sudo apt-get install redis-server` (Debian package "
    "redis-server) or by running the README set-up, which ends with scripts/install-redis-server "
    "(CI=true turns this skip into a failure)."
)
START_TIMEOUT = 10.0  # seconds for one attempt to answer PING
STOP_TIMEOUT = 10.0  # seconds after SIGTERM before SIGKILL
PORT_ATTEMPTS = 5  # another process may take the free port between choosing it and the server binding it


# --- Environment ---------------------------------------------------------------------------------------------


def require_redis_server() -> str:
    """The ``redis-server`` executable, or skip (fail under ``CI=true``) with a message saying how to install it."""
    executable = shutil.which("redis-server")
    if executable is None:
        message = ENABLE_HINT.format(reason="`redis-server` is not on PATH")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return executable


# --- The server ----------------------------------------------------------------------------------------------


@dataclass
class RedisServer:
    process: subprocess.Popen[bytes]
    port: int
    folder: Path
    host: str = HOST

    @property
    def log(self) -> Path:
        return self.folder / "redis.log"

    def url(self, db: int = 0) -> str:
        return f"redis://{self.host}:{self.port}/{db}"

    def flushdb(self, db: int = 0) -> None:
        with redis.Redis(host=self.host, port=self.port, db=db, socket_timeout=5) as client:
            client.flushdb()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    """A port nobody listens on right now (the kernel's choice for port 0); it may be taken again before use."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start(executable: str, folder: Path) -> RedisServer:
    """``redis-server`` on a free loopback port with ``folder`` as its working folder and log, answering PING.

    No persistence (``--save ''``, ``--appendonly no``) and 64 databases. When the port was taken in the meantime
    the server exits with "Address already in use" and another port is tried."""
    for _ in range(PORT_ATTEMPTS):
        server = _launch(executable, folder, free_port())
        if _wait_until_ready(server):
            return server
        status = server.process.poll()
        server.stop()
        log = server.log.read_text(encoding="utf-8", errors="replace")
        if status is None or "Address already in use" not in log:
            break
    what = f"exited with status {status}" if status is not None else f"did not answer PING within {START_TIMEOUT:g} s"
    pytest.fail(f"redis-server on port {server.port} {what}; its log ({server.log}):\n{log}")


def _launch(executable: str, folder: Path, port: int) -> RedisServer:
    command = [
        executable,
        "--port", str(port),
        "--bind", HOST,
        "--dir", str(folder),
        "--save", "",
        "--appendonly", "no",
        "--databases", "64",
        "--daemonize", "no",  # no --logfile: the log goes to stdout, which is redis.log
    ]  # fmt: skip
    with (folder / "redis.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=folder, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    return RedisServer(process=process, port=port, folder=folder)


def _wait_until_ready(server: RedisServer) -> bool:
    """True once the server answers PING as itself (its process id, not another server's on the same port);
    False when it exits or the time is up."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and server.process.poll() is None:
        try:
            with redis.Redis(host=server.host, port=server.port, socket_timeout=1, socket_connect_timeout=1) as client:
                if client.ping() and client.info("server")["process_id"] == server.process.pid:
                    return True
        except redis.RedisError:
            pass
        time.sleep(0.05)
    return False
