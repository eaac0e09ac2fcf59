"""Real PostgreSQL and Redis servers that a test starts, stops and starts again (fault tests).

Each runs on a free loopback port in the test's own temporary folder, as scripts/with-postgres
and tests/portal/test_cache.py do, and is removed afterwards. Without the binaries the test
skips on a developer's machine and fails in CI, which installs them (.ci/run).
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest


def require(binary):
    if binary is None or not os.path.exists(binary):
        if os.environ.get("CI"):
            pytest.fail(f"{binary or 'a server binary'} is missing in CI: .ci/run installs it")
        pytest.skip(f"{binary or 'the server'} is not installed")
    return binary


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, *, up=True, seconds=15):
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            listening = True
        except OSError:
            listening = False
        if listening == up:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"port {port} still {'closed' if up else 'open'} after {seconds} s")
        time.sleep(0.05)


class Postgres:
    """A throwaway PostgreSQL cluster (as root, its binaries run as the `postgres` OS user)."""

    def __init__(self, folder):
        versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: [int(p) for p in path.split("/")[-2].split(".") if p.isdigit()])
        self.bin = os.path.dirname(require(os.path.join(versions[-1], "initdb") if versions else None))
        self.folder = folder
        self.data = os.path.join(folder, "data")
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/portal"
        os.chmod(folder, 0o755)
        if os.getuid() == 0:
            shutil.chown(folder, "postgres")
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--locale=C.UTF-8", "-E", "UTF8")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "portal")

    def _run(self, program, *args):
        command = [os.path.join(self.bin, program), *args]
        if os.getuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", self.data, "-l", os.path.join(self.folder, "server.log"), "-w", "-o", options, "start")
        wait_for_port(self.port)

    def stop(self):
        """Stopped at once, as a crash or a lost network would: open connections break."""
        self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        wait_for_port(self.port, up=False)

    def start_if_stopped(self):
        """After a test that failed halfway, the next one finds the server running."""
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
        except OSError:
            self.start()

    def remove(self):
        try:
            self.stop()
        except (subprocess.CalledProcessError, TimeoutError):
            pass  # already stopped


class Redis:
    def __init__(self, folder):
        self.server = require(shutil.which("redis-server"))
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            [self.server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self):
        self.process.kill()  # as a crash would: no goodbye to the clients
        self.process.wait(timeout=10)
        wait_for_port(self.port, up=False)

    def remove(self):
        if self.process.poll() is None:
            self.stop()


@pytest.fixture(scope="module")
def postgres():
    # Not under pytest's tmp_path: its parent folder is closed to the `postgres` OS user.
    folder = tempfile.mkdtemp(prefix="portal-pg.")
    try:
        server = Postgres(folder)
        yield server
        server.remove()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def redis(tmp_path_factory):
    server = Redis(tmp_path_factory.mktemp("redis"))
    yield server
    server.remove()
