#!/usr/bin/env bash
# Runs Fanout's whole test suite: installs dependencies, lints and tests Fanout's Python, fuzzes its readers,
# builds, brings up five network-namespace test hosts (needs root) and PostgreSQL and MariaDB servers, runs
# `swift test`, and tears hosts and servers down again.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

bash Deploy/install-deps.sh
# Debian's chromium opens the HTML reports in the tests; the README's example needs none, so it is installed here.
if ! [ -x /usr/bin/chromium ]; then
  DEBIAN_FRONTEND=noninteractive apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
fi
# Fanout's own Python (embedded into the agent at build time) first: lint, then its unit tests.
python3 -m ruff check --config Config/ruff.toml Sources/FanoutAdapters Tests/Python Tests/Conformance Deploy
python3 -m pytest -q -p no:cacheprovider Tests/Python
# The readers of outside input, fuzzed for a short while (a crash fails the run and keeps its input).
bash Tests/Fuzz/run.sh 20
# Every import a target makes is declared in Package.swift: an undeclared one builds only in a lucky order.
python3 Deploy/check_imports.py
# fanout-agent links the Swift runtime statically (Package.swift), so the test hosts, which have no Swift
# toolchain, run the very agent this build makes.
swift build

trap 'bash Deploy/testhosts.sh down >/dev/null 2>&1 || true; bash Deploy/databases.sh down >/dev/null 2>&1 || true' EXIT
# h1-h3 for SSHFanOutTests, which breaks them on purpose; h4 and h5 for the suites that run beside it.
bash Deploy/testhosts.sh up 5
export FANOUT_REQUIRE_TEST_HOSTS=1
# Installed above: the HTML report's test must not skip.
export FANOUT_REQUIRE_CHROMIUM=1
# PostgreSQL and MariaDB for the per-worker database tests, after the hosts: they listen on the hosts' bridge too.
bash Deploy/databases.sh up
export FANOUT_REQUIRE_DATABASES=1
swift test
