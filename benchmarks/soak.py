"""Load and soak (README "Benchmark"): a bounded mixed load on loopback; .ci/run runs it.

Run inside scripts/with-postgres. Migrates, loads the report, starts the portal under gunicorn
(DEBUG off, 2 workers) and drives it with wrk for --duration seconds at --connections clients,
across pages and the API. API requests carry a partner key issued for the run, whose rate
(API_KEY_RATE_PER_MINUTE) is raised out of the way; pages are anonymous. Meanwhile it samples
the workers' resident memory each second.

Prints its figures (requests, req/s, latencies, RSS). Not a timed assertion: it exits non-zero
only on an error (a connection error, a timeout or a status of 400 or more) or when the workers'
RSS grows 10% or more over the second half of the run.

    scripts/with-postgres .venv/bin/python benchmarks/soak.py                # 60 s, 32 clients
    scripts/with-postgres .venv/bin/python benchmarks/soak.py --duration 20
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench import PYTHON, ROOT, Server, manage, portal_environment  # noqa: E402

MAX_RSS_GROWTH = 0.10

PATHS = [
    "/",
    "/en/",
    "/landmarks/",
    "/en/landmarks/?kind=park",
    "/en/landmarks/?q=%E8%A1%97%E9%81%93",
    "/en/districts/",
    "/indicators/",
    "/en/indicators/",
    "/api/v1/landmarks/",
    "/api/v1/landmarks/?page=2",
    "/api/v1/landmarks/?q=lujiazui",
    "/api/v1/landmarks/sync/",
    "/api/v1/districts/",
    "/api/v1/indicators/",
    "/api/v1/observations/?year_min=2015&year_max=2016",
]

# Each request takes the next path; API paths carry the key. done() prints the figures as JSON.
WRK_SCRIPT = """
local paths = %(paths)s
local key = os.getenv("SOAK_API_KEY")
local counter = 0
request = function()
  counter = counter + 1
  local path = paths[(counter %% #paths) + 1]
  if string.sub(path, 1, 5) == "/api/" then
    return wrk.format("GET", path, {["Authorization"] = "Api-Key " .. key})
  end
  return wrk.format("GET", path)
end
done = function(summary, latency, requests)
  io.write(string.format(
    'WRK {"requests": %%d, "seconds": %%f, "connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d, '
    .. '"p50": %%f, "p95": %%f, "p99": %%f}\\n',
    summary.requests, summary.duration / 1e6, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def rss_kib(pids):
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def sample_rss(server, samples, stop):
    while not stop.is_set():
        samples.append((time.monotonic(), rss_kib(server.worker_pids())))
        stop.wait(1)


def issue_key(environment):
    program = (
        "import django; django.setup()\n"
        "from portal.models import ApiKey\n"
        "print(ApiKey.issue(name='load test', created_by=None)[1])\n"
    )
    environment = {**environment, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    output = subprocess.run([PYTHON, "-c", program], cwd=ROOT, env=environment, capture_output=True, text=True, check=True)
    return output.stdout.strip().splitlines()[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=60, help="Seconds of load (default 60).")
    parser.add_argument("--connections", type=int, default=32, help="Concurrent clients (default 32).")
    arguments = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("soak.py needs a PostgreSQL DATABASE_URL: run it through scripts/with-postgres.")
    workdir = Path(tempfile.mkdtemp(prefix="portal-soak."))
    environment = {**portal_environment(os.environ["DATABASE_URL"], workdir), "API_KEY_RATE_PER_MINUTE": "100000000"}
    manage(environment, "migrate", "--noinput", "-v0")
    manage(environment, "collectstatic", "--noinput", "-v0")
    manage(environment, "load_report")
    key = issue_key(environment)
    script = workdir / "soak.lua"
    script.write_text(WRK_SCRIPT % {"paths": "{" + ", ".join(json.dumps(path) for path in PATHS) + "}"})
    log = open(workdir / "server.log", "w")
    server = Server("portal.wsgi:application", environment, log)
    samples, stop = [], threading.Event()
    try:
        server.wait_until_up("/api/v1/landmarks/")
        sampler = threading.Thread(target=sample_rss, args=(server, samples, stop), daemon=True)
        sampler.start()
        command = [
            "wrk", "-t", "2", "-c", str(arguments.connections), "-d", f"{arguments.duration}s",
            "--timeout", "30s", "-s", str(script), server.url("/"),
        ]
        output = subprocess.run(
            command, capture_output=True, text=True, env={**os.environ, "SOAK_API_KEY": key}, check=True
        ).stdout
    finally:
        stop.set()
        server.stop()
        log.close()
    figures = json.loads(next(line for line in output.splitlines() if line.startswith("WRK "))[4:])
    errors = sum(figures[name] for name in ("connect", "read", "write", "status", "timeout"))
    started = samples[0][0]
    half = [rss for moment, rss in samples if moment - started >= arguments.duration / 2]
    growth = (half[-1] - half[0]) / half[0] if len(half) >= 2 and half[0] else 0.0
    print(f"load: {arguments.duration} s, {arguments.connections} clients, {len(PATHS)} paths (pages and API)")
    print(
        f"requests: {figures['requests']}, {figures['requests'] / figures['seconds']:.0f} req/s; "
        f"latency p50 {figures['p50']:.0f} ms, p95 {figures['p95']:.0f} ms, p99 {figures['p99']:.0f} ms"
    )
    print(
        f"errors: {errors} (connect {figures['connect']}, read {figures['read']}, write {figures['write']}, "
        f"status ≥400 {figures['status']}, timeout {figures['timeout']})"
    )
    if half:
        print(f"worker RSS over the second half: {half[0] / 1024:.1f} MiB → {half[-1] / 1024:.1f} MiB ({growth:+.1%})")
    failed = errors > 0 or growth >= MAX_RSS_GROWTH or not half
    if failed:
        print(f"FAILED: the load test wants 0 errors and RSS growth under {MAX_RSS_GROWTH:.0%}; server log: {workdir}/server.log")
        sys.exit(1)
    print("load test passed")


if __name__ == "__main__":
    main()
