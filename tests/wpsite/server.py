"""A real, throwaway WordPress on 127.0.0.1, built from the Debian packages, for end-to-end tests.

``start_wordpress(workdir)`` builds everything inside *workdir* and touches nothing outside it
(no /etc, no system services):

- ``db/``       a private MariaDB data directory (``mariadb-install-db``), served by a private
                ``mariadbd`` on a Unix socket only (``--skip-networking``);
- ``docroot/``  a farm of ``/usr/share/wordpress``: the top-level PHP entry points (and those of
                ``wp-admin/``) are *copied*, because WordPress derives ABSPATH from ``__DIR__`` and a
                symlink would lead it back to Debian's ``wp-config.php`` (which reads /etc/wordpress);
                everything else is symlinked. ``docroot/wp-config.php`` is our own;
- ``docroot/wp-content/``  the private content dir: ``themes/`` links the Debian themes,
                ``mu-plugins/`` holds copies of ``tests/wpsite/mu-plugins/*.php``;
- ``apache/``   a private ``httpd.conf`` (mpm_prefork + mod_php, the standard WordPress rewrite block),
                logs, pid and lock files; Apache runs in the foreground on 127.0.0.1:<free port>.

The site is then installed and seeded by ``seed.php`` (the project's own content, see that file)
and the ground truth is read back from the database by ``truth.php`` into ``WordPressSite.truth``.

When run as root, Apache serves as www-data, so *workdir* and every folder above it must be
traversable by others (``make_workdir()`` creates such a folder under the system temp dir).
"""
from __future__ import annotations

import ctypes
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

HERE = Path(__file__).resolve().parent
INSTALL_SCRIPT = ".ci/install-servers.sh"

WP_SRC = Path("/usr/share/wordpress")
THEMES_SRC = WP_SRC / "wp-content" / "themes"
APACHE_MODULES = Path("/usr/lib/apache2/modules")
THEMES = ("twentytwentyone", "twentytwentythree")
DEFAULT_PERMALINKS = "/%year%/%monthnum%/%postname%/"
PHP = "php"

# Modules the private Apache loads, in order.
APACHE_MODULE_FILES = (
    ("mpm_prefork_module", "mod_mpm_prefork.so"),
    ("authz_core_module", "mod_authz_core.so"),
    ("dir_module", "mod_dir.so"),
    ("mime_module", "mod_mime.so"),
    ("env_module", "mod_env.so"),
    ("setenvif_module", "mod_setenvif.so"),
    ("headers_module", "mod_headers.so"),
    ("rewrite_module", "mod_rewrite.so"),
    ("php_module", "libphp8.2.so"),
)

# MariaDB settings for a tiny, disposable instance (fast install, no durability needed).
MARIADB_OPTS = (
    "--skip-name-resolve",
    "--skip-log-bin",
    "--innodb-log-file-size=8M",
    "--innodb-data-file-path=ibdata1:10M:autoextend",
    "--innodb-buffer-pool-size=32M",
    "--innodb-flush-log-at-trx-commit=0",
    "--performance-schema=OFF",
    "--character-set-server=utf8mb4",
    "--collation-server=utf8mb4_unicode_ci",
)


class WordPressUnavailable(RuntimeError):
    """The Debian packages this test site needs are not installed."""


class WordPressError(RuntimeError):
    """The test site could not be built, started or changed."""


def missing_requirements() -> list[str]:
    """What is missing for start_wordpress(), as human-readable items (empty when all is there)."""
    need = {
        "apache2 (package apache2)": Path("/usr/sbin/apache2"),
        "mod_php (package libapache2-mod-php)": APACHE_MODULES / "libphp8.2.so",
        "mod_rewrite (package apache2-bin)": APACHE_MODULES / "mod_rewrite.so",
        "mariadbd (package mariadb-server-core)": None,
        "mariadb-install-db (package mariadb-server-core)": None,
        "mariadb client (package mariadb-client-core)": None,
        "php CLI (package php-cli)": None,
        "WordPress (package wordpress)": WP_SRC / "wp-settings.php",
        "theme twentytwentyone (package wordpress-theme-twentytwentyone)": THEMES_SRC / "twentytwentyone" / "style.css",
        "theme twentytwentythree (package wordpress-theme-twentytwentythree)": THEMES_SRC / "twentytwentythree" / "style.css",
    }
    programs = {
        "mariadbd (package mariadb-server-core)": "mariadbd",
        "mariadb-install-db (package mariadb-server-core)": "mariadb-install-db",
        "mariadb client (package mariadb-client-core)": "mariadb",
        "php CLI (package php-cli)": PHP,
    }
    missing = []
    for label, path in need.items():
        if path is None:
            if _which(programs[label]) is None:
                missing.append(label)
        elif not path.exists():
            missing.append(label)
    return missing


def _which(name: str) -> Optional[str]:
    path = os.environ.get("PATH", "") + os.pathsep + "/usr/sbin:/sbin:/usr/local/sbin"
    return shutil.which(name, path=path)


def _is_root() -> bool:
    return os.geteuid() == 0


def make_workdir(prefix: str = "wpsite-") -> Path:
    """A fresh folder under the system temp dir that the web server user can traverse."""
    _sweep_stale_workdirs(prefix)
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


def _sweep_stale_workdirs(prefix: str, min_age: float = 3600) -> None:
    """Remove workdirs left by test processes that were killed (their owner pid is gone)."""
    for path in Path(tempfile.gettempdir()).glob(prefix + "*"):
        try:
            owner = int((path / "run" / "owner.pid").read_text())
            if time.time() - path.stat().st_mtime < min_age or _alive(owner):
                continue
        except (OSError, ValueError):
            continue
        shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Children get SIGTERM if the Python process dies without stopping them (Linux prctl)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass
    os.setsid()


def _php_str(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


@dataclass
class WordPressSite:
    """A running test site. ``truth`` is the ground truth read back from its database (truth.php)."""

    base_url: str
    workdir: Path
    port: int
    truth: dict = field(default_factory=dict)
    theme: str = "twentytwentyone"
    rest_enabled: bool = True
    permalink_structure: str = DEFAULT_PERMALINKS
    timings: dict = field(default_factory=dict)
    _procs: dict = field(default_factory=dict, repr=False)
    _owns_workdir: bool = field(default=False, repr=False)
    _sock_dir: Optional[Path] = field(default=None, repr=False)

    # -- paths ---------------------------------------------------------------------------------
    @property
    def docroot(self) -> Path:
        return self.workdir / "docroot"

    @property
    def content_dir(self) -> Path:
        return self.docroot / "wp-content"

    @property
    def socket_path(self) -> Path:
        return Path((self.workdir / "run" / "socket-path").read_text().strip())

    @property
    def error_log(self) -> Path:
        return self.workdir / "apache" / "error.log"

    def get(self, path_or_url: str = "/", *, follow: bool = False, timeout: float = 30) -> "Response":
        """GET a path ('/2012/05/…') or absolute URL on the site (redirects not followed unless asked)."""
        url = path_or_url if "://" in path_or_url else self.url(path_or_url)
        return fetch(url, follow=follow, timeout=timeout)

    def url(self, path: str = "/") -> str:
        """Absolute URL on the site for a path such as '/2012/05/' or '/?p=5'."""
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    # -- changing the site ---------------------------------------------------------------------
    def php(self, script: str, *args: str, timeout: float = 120) -> str:
        """Run one of the PHP scripts in tests/wpsite against this site; returns its stdout."""
        cmd = [PHP, "-d", "display_errors=stderr", "-d", "memory_limit=256M", str(HERE / script),
               str(self.docroot), *args]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                             env={**os.environ, "SBA_WP_HOST": f"127.0.0.1:{self.port}"})
        if res.returncode != 0:
            raise WordPressError(f"{script} {' '.join(args)} failed ({res.returncode}):\n"
                                 f"{res.stderr[-4000:]}\n{res.stdout[-2000:]}")
        return res.stdout

    def refresh_truth(self) -> dict:
        """Read the ground truth back from the database again (after a change of permalinks)."""
        self.truth = json.loads(self.php("truth.php"))
        (self.workdir / "truth.json").write_text(json.dumps(self.truth, indent=1, ensure_ascii=False),
                                                 encoding="utf-8")
        return self.truth

    def set_theme(self, stylesheet: str) -> None:
        """Switch the active theme: 'twentytwentyone' (classic) or 'twentytwentythree' (block)."""
        if stylesheet not in THEMES:
            raise ValueError(f"unknown theme {stylesheet!r}; choose one of {THEMES}")
        self.php("control.php", "theme", stylesheet)
        self.theme = stylesheet
        self.truth.setdefault("site", {})["theme"] = stylesheet

    def set_rest(self, enabled: bool) -> None:
        """Switch the REST API on, or off server-side (403 + discovery links removed; see mu-plugins)."""
        flag = self.content_dir / "sba-rest-disabled"
        if enabled:
            flag.unlink(missing_ok=True)
        else:
            flag.write_text("REST API disabled by tests/wpsite/server.py\n")
            flag.chmod(0o644)
        self.rest_enabled = enabled

    def set_permalinks(self, structure: str) -> None:
        """Change the permalink structure ('' = plain ?p=ID links) and re-read the truth's permalinks."""
        self.php("control.php", "permalinks", structure)
        self.permalink_structure = structure
        self.refresh_truth()

    def reset(self) -> None:
        """Back to the state start_wordpress() left: first theme, REST on, pretty permalinks."""
        if not self.rest_enabled:
            self.set_rest(True)
        if self.theme != "twentytwentyone":
            self.set_theme("twentytwentyone")
        if self.permalink_structure != DEFAULT_PERMALINKS:
            self.set_permalinks(DEFAULT_PERMALINKS)

    # -- stopping ------------------------------------------------------------------------------
    def stop(self, remove: Optional[bool] = None) -> None:
        """Stop Apache and MariaDB (always both, whatever fails) and remove the workdir if we made it."""
        errors = []
        for name in ("apache", "mariadb"):
            proc = self._procs.pop(name, None)
            if proc is not None:
                try:
                    _terminate(proc)
                except Exception as exc:  # noqa: BLE001 - keep stopping the rest
                    errors.append(f"{name}: {exc}")
        if remove is None:
            remove = self._owns_workdir
        if remove:
            shutil.rmtree(self.workdir, ignore_errors=True)
            if self._sock_dir:
                shutil.rmtree(self._sock_dir, ignore_errors=True)
        if errors:
            raise WordPressError("; ".join(errors))

    def __enter__(self) -> "WordPressSite":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


@dataclass
class Response:
    """An HTTP answer: status, headers (an email.message.Message: .get(), .get_all()), decoded text."""

    url: str
    status: int
    headers: object
    text: str

    def header_values(self, name: str) -> list[str]:
        return list(self.headers.get_all(name) or [])  # type: ignore[attr-defined]

    def json(self):
        return json.loads(self.text)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: D102 - keep 3xx answers as they are
        return None


_OPENERS = {True: urllib.request.build_opener(), False: urllib.request.build_opener(_NoRedirect)}


def fetch(url: str, *, follow: bool = False, timeout: float = 30) -> Response:
    """GET *url* with the standard library; HTTP errors are returned as responses, not raised."""
    req = urllib.request.Request(url, headers={"User-Agent": "sba-wpsite-tests"})
    try:
        resp = _OPENERS[follow].open(req, timeout=timeout)
    except urllib.error.HTTPError as exc:
        resp = exc
    with resp:
        body = resp.read()
        charset = resp.headers.get_content_charset() or "utf-8"
        return Response(url=resp.geturl(), status=resp.status if hasattr(resp, "status") else resp.code,
                        headers=resp.headers, text=body.decode(charset, errors="replace"))


def _terminate(proc: subprocess.Popen, timeout: float = 15) -> None:
    """SIGTERM the process (its own session, so its children with it), then SIGKILL if it lingers."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=5)


# ---------------------------------------------------------------------------------------------
# Building the site
# ---------------------------------------------------------------------------------------------

def _build_docroot(docroot: Path) -> None:
    """Symlink farm of /usr/share/wordpress with the PHP entry points copied (see module doc)."""
    docroot.mkdir(parents=True)
    for src in WP_SRC.iterdir():
        if src.name in ("wp-config.php", "wp-content", ".htaccess"):
            continue
        dst = docroot / src.name
        if src.name == "wp-admin":
            dst.mkdir()
            for sub in src.iterdir():
                if sub.is_file() and sub.suffix == ".php":
                    shutil.copy2(sub, dst / sub.name)
                else:
                    (dst / sub.name).symlink_to(sub)
        elif src.is_file() and src.suffix == ".php":
            shutil.copy2(src, dst)
        else:
            dst.symlink_to(src)
    content = docroot / "wp-content"
    for sub in ("themes", "plugins", "mu-plugins", "uploads", "upgrade"):
        (content / sub).mkdir(parents=True)
    for theme in THEMES:
        (content / "themes" / theme).symlink_to(THEMES_SRC / theme)
    for plugin in sorted((HERE / "mu-plugins").glob("*.php")):
        shutil.copy2(plugin, content / "mu-plugins" / plugin.name)


def _write_wp_config(docroot: Path, base_url: str, socket_path: Path) -> None:
    salts = "\n".join(f"define('{k}', '{secrets.token_hex(32)}');" for k in (
        "AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY",
        "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT"))
    (docroot / "wp-config.php").write_text(f"""<?php
// Written by tests/wpsite/server.py for a throwaway test site; not Debian's /etc/wordpress scheme.
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', {_php_str('localhost:' + str(socket_path))});
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
{salts}
$table_prefix = 'wp_';
define('WP_HOME', {_php_str(base_url)});
define('WP_SITEURL', {_php_str(base_url)});
define('WP_CONTENT_DIR', {_php_str(str(docroot / 'wp-content'))});
define('WP_CONTENT_URL', {_php_str(base_url + '/wp-content')});
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISALLOW_FILE_MODS', true);
define('WP_DEBUG', false);
define('WP_ENVIRONMENT_TYPE', 'local');
if (!defined('ABSPATH')) {{
    define('ABSPATH', {_php_str(str(docroot) + '/')});
}}
require_once ABSPATH . 'wp-settings.php';
""", encoding="utf-8")


def _write_httpd_conf(apache_dir: Path, docroot: Path, port: int) -> Path:
    (apache_dir / "run").mkdir(parents=True)
    modules = "\n".join(f"LoadModule {name} {APACHE_MODULES / so}" for name, so in APACHE_MODULE_FILES)
    user = ""
    if _is_root():
        user = "User www-data\nGroup www-data\n"
    conf = apache_dir / "httpd.conf"
    conf.write_text(f"""# Private Apache for the sector-blog-archive WordPress test site (tests/wpsite/server.py).
ServerRoot "{apache_dir}"
{modules}
{user}Listen 127.0.0.1:{port}
ServerName 127.0.0.1:{port}
PidFile "{apache_dir / 'run' / 'httpd.pid'}"
DefaultRuntimeDir "{apache_dir / 'run'}"
Mutex file:{apache_dir / 'run'} default
ErrorLog "{apache_dir / 'error.log'}"
LogLevel warn
LogFormat "%h %t \\"%r\\" %>s %b" common
TypesConfig /etc/mime.types
AddDefaultCharset Off
StartServers 2
MinSpareServers 2
MaxSpareServers 8
MaxRequestWorkers 24
MaxConnectionsPerChild 0
KeepAlive On
Timeout 60
<IfModule mod_log_config.c>
CustomLog "{apache_dir / 'access.log'}" common
</IfModule>
DocumentRoot "{docroot}"
DirectoryIndex index.php index.html
<Directory />
    Options FollowSymLinks
    AllowOverride None
    Require all denied
</Directory>
<Directory "{docroot}">
    Options FollowSymLinks
    AllowOverride None
    Require all granted
    # The standard WordPress rewrite block (what wp-admin would write to .htaccess).
    RewriteEngine On
    RewriteBase /
    RewriteRule .* - [E=HTTP_AUTHORIZATION:%{{HTTP:Authorization}}]
    RewriteRule ^index\\.php$ - [L]
    RewriteCond %{{REQUEST_FILENAME}} !-f
    RewriteCond %{{REQUEST_FILENAME}} !-d
    RewriteRule . /index.php [L]
</Directory>
<Directory "{WP_SRC}">
    Options FollowSymLinks
    Require all granted
</Directory>
<Directory "/usr/share/javascript">
    Options FollowSymLinks
    Require all granted
</Directory>
<Directory "/usr/share/php">
    Require all denied
</Directory>
<FilesMatch "^\\.ht|^wp-config\\.php$|^sba-rest-disabled$">
    Require all denied
</FilesMatch>
<FilesMatch ".+\\.ph(ar|p|tml)$">
    SetHandler application/x-httpd-php
</FilesMatch>
php_admin_value error_log "{apache_dir / 'php-error.log'}"
php_admin_flag log_errors On
php_admin_flag display_errors Off
php_value memory_limit 256M
""", encoding="utf-8")
    return conf


def _popen(cmd: list[str], log: Path) -> subprocess.Popen:
    fh = open(log, "ab")
    try:
        return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=fh, stderr=subprocess.STDOUT,
                                preexec_fn=_die_with_parent, close_fds=True)
    finally:
        fh.close()


def _wait_for(check, what: str, timeout: float, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise WordPressError(f"{what}: process exited with {proc.returncode}; log {log}:\n"
                                 f"{_tail(log)}")
        if check():
            return
        time.sleep(0.05)
    raise WordPressError(f"{what}: not ready after {timeout}s; log {log}:\n{_tail(log)}")


def _tail(path: Path, n: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-n:]
    except OSError:
        return "(no log)"


def _mariadb(socket_path: Path, sql: str) -> subprocess.CompletedProcess:
    return subprocess.run([_which("mariadb") or "mariadb", "--no-defaults", "-S", str(socket_path), "-uroot",
                           "-e", sql], capture_output=True, text=True, timeout=30)


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:  # noqa: S310 - local test site
            return resp.status < 500
    except urllib.error.HTTPError as exc:
        return exc.code < 500
    except OSError:
        return False


def _check_traversable(path: Path) -> None:
    """As root, Apache serves as www-data: every folder down to the docroot must be o+x."""
    if not _is_root():
        return
    for p in [path, *path.parents]:
        if not (p.stat().st_mode & 0o001):
            raise WordPressError(f"{p} is not traversable by www-data (mode {oct(p.stat().st_mode & 0o777)}); "
                                 f"use tests.wpsite.server.make_workdir() or chmod o+x it")


def start_wordpress(workdir: Optional[Path] = None, *, theme: str = "twentytwentyone",
                    permalinks: str = DEFAULT_PERMALINKS) -> WordPressSite:
    """Install MariaDB + WordPress into *workdir* (fresh folder made when None), seed it, serve it.

    Returns once the home page answers. Raises WordPressUnavailable when packages are missing
    (install them with .ci/install-servers.sh) and WordPressError when something fails; in both
    cases nothing is left running.
    """
    missing = missing_requirements()
    if missing:
        raise WordPressUnavailable(
            "the WordPress test site needs Debian packages that are not installed: " + ", ".join(missing)
            + f". Run `sudo bash {INSTALL_SCRIPT}` (as root: `bash {INSTALL_SCRIPT}`).")
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; choose one of {THEMES}")
    owns = workdir is None
    workdir = make_workdir() if workdir is None else Path(workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    if any(workdir.iterdir()):
        raise WordPressError(f"{workdir} is not empty")
    workdir.chmod(0o755)
    _check_traversable(workdir)

    t0 = time.monotonic()
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    site = WordPressSite(base_url=base_url, workdir=workdir, port=port, theme=theme,
                         permalink_structure=permalinks, _owns_workdir=owns)
    try:
        run = workdir / "run"
        run.mkdir(mode=0o755)
        run.chmod(0o755)
        sock = run / "mysqld.sock"
        if len(str(sock)) > 100:  # Unix socket paths are limited to 108 bytes
            sock_dir = Path(tempfile.mkdtemp(prefix="wpdb-"))
            sock_dir.chmod(0o755)
            site._sock_dir = sock_dir
            sock = sock_dir / "mysqld.sock"
        (run / "socket-path").write_text(str(sock))
        (run / "owner.pid").write_text(str(os.getpid()))
        datadir = workdir / "db"
        user = ["--user=root"] if _is_root() else []
        db_log = workdir / "mariadb.log"

        # 1. MariaDB: private data dir, socket only.
        res = subprocess.run([_which("mariadb-install-db") or "mariadb-install-db", "--no-defaults",
                              f"--datadir={datadir}", "--auth-root-authentication-method=normal",
                              "--skip-test-db", *user, *MARIADB_OPTS],
                             capture_output=True, text=True, timeout=120)
        if res.returncode != 0:
            raise WordPressError(f"mariadb-install-db failed:\n{res.stdout[-2000:]}\n{res.stderr[-2000:]}")
        site.timings["mariadb_install"] = round(time.monotonic() - t0, 2)
        site._procs["mariadb"] = _popen([_which("mariadbd") or "mariadbd", "--no-defaults",
                                         f"--datadir={datadir}", f"--socket={sock}", "--skip-networking",
                                         f"--pid-file={run / 'mariadbd.pid'}", f"--log-error={db_log}",
                                         *user, *MARIADB_OPTS], db_log)

        # 2. Docroot + Apache (started now; it serves once the database is there).
        docroot = site.docroot
        _build_docroot(docroot)
        _write_wp_config(docroot, base_url, sock)
        conf = _write_httpd_conf(workdir / "apache", docroot, port)
        _wait_for(lambda: sock.exists() and _mariadb(sock, "SELECT 1").returncode == 0,
                  "mariadbd", 60, site._procs["mariadb"], db_log)
        res = _mariadb(sock, "CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        if res.returncode != 0:
            raise WordPressError(f"CREATE DATABASE failed: {res.stderr}")
        site.timings["mariadb_ready"] = round(time.monotonic() - t0, 2)
        apache_log = workdir / "apache" / "stdout.log"
        site._procs["apache"] = _popen([_which("apache2") or "/usr/sbin/apache2", "-f", str(conf),
                                        "-DFOREGROUND"], apache_log)

        # 3. Install and seed WordPress (PHP CLI against the same database).
        seed_out = site.php("seed.php", theme, permalinks)
        (workdir / "seed.log").write_text(seed_out)
        site.timings["seeded"] = round(time.monotonic() - t0, 2)

        # 4. Wait for Apache, read the truth back.
        _wait_for(lambda: _http_ok(base_url + "/"), "apache2", 60, site._procs["apache"],
                  site.error_log if site.error_log.exists() else apache_log)
        site.refresh_truth()
        site.timings["total"] = round(time.monotonic() - t0, 2)
        return site
    except BaseException:
        site.stop()
        raise
