#!/usr/bin/env bash
# Installs the Debian packages the suite's real servers need: WordPress 6.x with its two themes,
# Apache with mod_php, the PHP CLI and extensions and the MariaDB server and client binaries
# (tests/wpsite/server.py); redis-server (the scale-out tests); chromium (the coverage report is
# rendered in a real headless browser). No service is started or enabled for use: the tests run
# their own private servers in a temp dir on 127.0.0.1.
#
#   bash .ci/install-servers.sh           # as root (or with sudo available)
#   bash .ci/install-servers.sh --force   # run apt-get even when everything looks installed
#
# Idempotent and quiet; a quick no-op (no apt-get at all) when everything the tests use is there.
set -euo pipefail

PACKAGES=(
    wordpress
    wordpress-theme-twentytwentyone
    wordpress-theme-twentytwentythree
    apache2
    libapache2-mod-php
    php-cli
    php-mysql
    php-xml
    mariadb-server-core
    mariadb-client-core
    redis-server
    chromium
)

force=0
[ "${1:-}" = "--force" ] && force=1

# What the tests use (tests/wpsite/server.py names this script when any is missing).
have_all() {
    local f cmd
    for f in /usr/sbin/apache2 /usr/lib/apache2/modules/mod_rewrite.so /usr/lib/apache2/modules/mod_mpm_prefork.so \
             /etc/mime.types /usr/share/wordpress/wp-settings.php \
             /usr/share/wordpress/wp-content/themes/twentytwentyone/style.css \
             /usr/share/wordpress/wp-content/themes/twentytwentythree/style.css; do
        [ -e "$f" ] || return 1
    done
    compgen -G '/usr/lib/apache2/modules/libphp8*.so' >/dev/null || return 1
    for cmd in php mariadbd mariadb-install-db mariadb redis-server chromium; do
        PATH="$PATH:/usr/sbin:/sbin" command -v "$cmd" >/dev/null 2>&1 || return 1
    done
    php -r 'exit(extension_loaded("mysqli") && extension_loaded("xml") ? 0 : 1);' 2>/dev/null || return 1
}

if have_all && [ $force -eq 0 ]; then
    exit 0
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo -n)
    else
        echo "install-servers.sh: must run as root to install: ${PACKAGES[*]}" >&2
        exit 1
    fi
fi

# Keep apt from starting apache2 (or anything else) while installing: a policy-rc.d that denies
# every action. An existing one is left alone; ours is removed afterwards.
POLICY=/usr/sbin/policy-rc.d
created_policy=0
cleanup() {
    if [ $created_policy -eq 1 ]; then
        "${SUDO[@]}" rm -f "$POLICY"
    fi
}
trap cleanup EXIT
if [ ! -e "$POLICY" ]; then
    printf '#!/bin/sh\n# written by .ci/install-servers.sh for the duration of the install\nexit 101\n' \
        | "${SUDO[@]}" tee "$POLICY" >/dev/null
    "${SUDO[@]}" chmod 0755 "$POLICY"
    created_policy=1
fi

log=$(mktemp)
export DEBIAN_FRONTEND=noninteractive
echo "install-servers.sh: installing ${PACKAGES[*]}" >&2
if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1 \
   || ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "${PACKAGES[@]}" >>"$log" 2>&1; then
    echo "install-servers.sh: apt-get failed:" >&2
    tail -n 40 "$log" >&2
    rm -f "$log"
    exit 1
fi
rm -f "$log"

if ! have_all; then
    echo "install-servers.sh: packages installed, but something the tests need is still missing" >&2
    exit 1
fi
