#!/usr/bin/env bash
# Installs what building and testing Fanout needs on Debian 12 beyond Swift: libssh2 (SSH transport), libssl-dev
# (libcrypto.a: SHA-256), rsync and OpenSSH (workspace sync, test hosts), iproute2 (test hosts), libxml2
# (FoundationXML), pytest, pytest-cov, ruff, Django.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
missing=()
for package in libssh2-1-dev libssl-dev pkg-config rsync openssh-server openssh-client iproute2 libxml2 procps; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
if ! python3 -c 'import pytest' >/dev/null 2>&1; then
  python3 -m pip install --quiet pytest
fi
# ruff checks Fanout's own Python (the runners embedded into the agent, and their tests).
if ! python3 -m ruff --version >/dev/null 2>&1; then
  python3 -m pip install --quiet ruff
fi
# pytest-cov for the coverage integration tests (`--cov` combined over hosts).
if ! python3 -c 'import pytest_cov' >/dev/null 2>&1; then
  python3 -m pip install --quiet pytest-cov
fi
# Django for the django adapter's integration tests.
if ! python3 -c 'import django' >/dev/null 2>&1; then
  python3 -m pip install --quiet django
fi
