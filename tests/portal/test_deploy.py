"""The deployment guide's example files (deploy/, docs/deploy.md) work as the guide says.

- The environment file documents every variable the settings read, and the README's table.
- The systemd units point at files that exist in the repository.
- Real nginx, configured by deploy/nginx/, in front of real gunicorn, configured by
  deploy/gunicorn.conf.py: the plain-HTTP health probe answers, everything else on plain HTTP
  is sent to HTTPS, and the site answers over HTTPS.
"""

import configparser
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "deploy"
ENV_EXAMPLE = DEPLOY / "portal.env.example"

# `env_bool("DEBUG", …)`, `os.environ.get("REDIS_URL", …)`: the variables a module reads.
READS_VARIABLE = re.compile(r"""(?:env_\w+|environ\.get)\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def variables_read_by(path):
    return set(READS_VARIABLE.findall(path.read_text(encoding="utf-8")))


def variables_in_env_example():
    """Every NAME of the example's `NAME=value` lines, and of its commented `#NAME=default` ones."""
    names = set()
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"#?([A-Z][A-Z0-9_]+)=", line)
        if match:
            names.add(match.group(1))
    return names


def readme_configuration_variables():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)`", section, flags=re.MULTILINE)) | set(
        re.findall(r"^\| `[A-Z][A-Z0-9_]+`, `([A-Z][A-Z0-9_]+)`", section, flags=re.MULTILINE)
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args[0]} exited with {process.returncode}") from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name, encoding="utf-8")
    return parser


# --- the files ----------------------------------------------------------------------------------


def test_the_environment_example_documents_every_variable_the_settings_read():
    read = variables_read_by(ROOT / "portal" / "settings.py")
    assert read, "no variable found in the settings: the pattern is out of date"
    assert read - variables_in_env_example() == set()


def test_the_environment_example_names_only_variables_something_reads():
    known = variables_read_by(ROOT / "portal" / "settings.py") | variables_read_by(DEPLOY / "gunicorn.conf.py")
    assert variables_in_env_example() - known == set()


def test_the_readme_configuration_table_is_in_the_environment_example():
    documented = readme_configuration_variables()
    assert "DATABASE_URL" in documented
    assert documented - variables_in_env_example() == set()


def test_the_app_unit_runs_gunicorn_with_the_repository_config():
    service = unit("portal.service")["Service"]
    working_directory = Path(service["WorkingDirectory"])
    command = service["ExecStart"].split()
    assert command[0] == str(working_directory / ".venv" / "bin" / "gunicorn")
    config = command[command.index("--config") + 1]
    assert (ROOT / config).is_file()
    assert command[-1] == "portal.wsgi"
    assert service["EnvironmentFile"] == "/etc/portal/portal.env"
    assert "/etc/portal/portal.env" in ENV_EXAMPLE.read_text(encoding="utf-8")


def test_the_backup_unit_runs_the_repository_script_on_a_timer():
    service = unit("portal-backup.service")["Service"]
    script = Path(service["ExecStart"]).relative_to(service["WorkingDirectory"])
    assert os.access(ROOT / script, os.X_OK)
    assert unit("portal-backup.timer")["Timer"]["OnCalendar"]
    assert os.access(DEPLOY / "restore.sh", os.X_OK)


def test_the_prune_unit_runs_a_repository_command_on_a_timer():
    service = unit("portal-prune-rates.service")["Service"]
    python, script, command = service["ExecStart"].split()
    assert python == str(Path(service["WorkingDirectory"]) / ".venv" / "bin" / "python")
    assert (ROOT / script).is_file() and command in get_commands()
    assert service["EnvironmentFile"] == "/etc/portal/portal.env"
    assert unit("portal-prune-rates.timer")["Timer"]["OnCalendar"]


def test_the_gunicorn_config_binds_loopback_by_default():
    result = subprocess.run(
        [sys.executable, "-c", "import runpy; c = runpy.run_path('deploy/gunicorn.conf.py'); print(c['bind'], c['workers'])"],
        cwd=ROOT, capture_output=True, text=True, timeout=30, env={k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")},
    )
    assert result.returncode == 0, result.stderr
    bind, workers = result.stdout.split()
    assert bind.startswith("127.0.0.1:")
    assert int(workers) >= 1


# --- nginx in front of gunicorn --------------------------------------------------------------------


def nginx_config_for_test(tmp, *, http_port, https_port, app_port):
    """deploy/nginx/portal.conf with this machine's ports and a throwaway certificate: every
    rule of the file is kept; only the addresses and paths the guide says to replace change."""
    site = (DEPLOY / "nginx" / "portal.conf").read_text(encoding="utf-8")
    replacements = [
        (r"listen \[::\]:\d+[^;]*;", ""),
        (r"listen 80;", f"listen 127.0.0.1:{http_port};"),
        (r"listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        (r"server 127\.0\.0\.1:8000;", f"server 127.0.0.1:{app_port};"),
        (r"/etc/nginx/portal-proxy\.conf", str(DEPLOY / "nginx" / "portal-proxy.conf")),
        (r"/etc/ssl/portal/", f"{tmp}/"),
        (r"/srv/portal/staticfiles/", f"{tmp}/static/"),
    ]
    for pattern, replacement in replacements:
        site, count = re.subn(pattern, replacement, site)
        assert count, f"deploy/nginx/portal.conf no longer has {pattern!r}: update this test and the guide"
    (tmp / "site.conf").write_text(site, encoding="utf-8")
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(
        f"""{user}
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
""",
        encoding="utf-8",
    )
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=portal.example.org",
         "-keyout", str(tmp / "privkey.pem"), "-out", str(tmp / "fullchain.pem")],
        check=True, capture_output=True, timeout=60,
    )
    (tmp / "static").mkdir()
    return tmp / "nginx.conf"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, host="portal.example.org"):
    """(status, headers, body) without following redirects; a self-signed certificate is accepted."""
    import ssl

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=context))
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with opener.open(request, timeout=20) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def proxied_site(tmp_path_factory):
    """gunicorn (deploy/gunicorn.conf.py, production settings) behind nginx (deploy/nginx/)."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if nginx is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing in CI: .ci/run installs it")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    tmp_path = tmp_path_factory.mktemp("proxied")
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")},
        "DEBUG": "false",
        "SECRET_KEY": "a-test-key-" + "x" * 50,
        "ALLOWED_HOSTS": "portal.example.org",
        # healthz only asks the database for SELECT 1: an empty SQLite file is enough.
        "DATABASE_URL": f"sqlite:///{tmp_path}/empty.sqlite3",
        "GUNICORN_BIND": f"127.0.0.1:{app_port}",
        "GUNICORN_WORKERS": "1",
        "STATIC_ROOT": str(tmp_path / "staticfiles"),
    }
    environment.pop("REDIS_URL", None)
    app = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "portal.wsgi"],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    proxy = None
    try:
        wait_for_port(app_port, app)
        config = nginx_config_for_test(tmp_path, http_port=http_port, https_port=https_port, app_port=app_port)
        checked = subprocess.run([nginx, "-t", "-c", str(config)], capture_output=True, text=True, timeout=30)
        assert checked.returncode == 0, checked.stderr
        proxy = subprocess.Popen([nginx, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(https_port, proxy)
        yield f"http://127.0.0.1:{http_port}", f"https://127.0.0.1:{https_port}"
    finally:
        for process in (proxy, app):
            if process is not None:
                process.terminate()
                process.wait(timeout=20)


def test_the_health_probe_answers_over_plain_http_through_the_proxy(proxied_site):
    http, _ = proxied_site
    status, _, body = fetch(f"{http}/healthz")
    assert status == 200, body[:300]


def test_plain_http_pages_are_sent_to_https_by_the_proxy(proxied_site):
    http, _ = proxied_site
    status, headers, _ = fetch(f"{http}/landmarks/?kind=community")
    assert status == 301
    assert headers["Location"] == "https://portal.example.org/landmarks/?kind=community"


def test_the_site_answers_over_https_with_the_app_security_headers(proxied_site):
    _, https = proxied_site
    status, headers, _ = fetch(f"{https}/healthz")
    assert status == 200
    assert "max-age=" in headers["Strict-Transport-Security"]
