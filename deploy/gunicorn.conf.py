"""gunicorn settings for the portal (docs/deploy.md). Read by `gunicorn -c deploy/gunicorn.conf.py portal.wsgi`.

Every value can be changed through an environment variable, so the systemd unit and a
container use the same file.
"""

import multiprocessing
import os

# Only the proxy on this machine talks to gunicorn: never bind a public address.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: the portal's requests are short database reads, and a sync worker per core
# pair keeps PostgreSQL's connection count predictable (workers × pool size).
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5

# Recycle a worker after this many requests (with jitter, so they do not all restart at once):
# a guard against slow memory growth in any library, at the cost of one warm-up per recycle.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10

# The proxy on the same machine sets X-Forwarded-Proto; trust it from loopback only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs go to stdout/stderr, where systemd's journal (or the container runtime) collects them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
