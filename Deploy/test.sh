#!/usr/bin/env bash
# Runs Fanout's whole test suite: installs dependencies, builds, builds the statically linked agent that
# the test hosts run, brings up three network-namespace test hosts (needs root), runs `swift test`, and
# tears the hosts down again.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi

bash Deploy/install-deps.sh
swift build
# The agent uploaded to hosts: no Swift runtime needed there.
swift build -c release --static-swift-stdlib --product fanout-agent --scratch-path .build-static

trap 'bash Deploy/testhosts.sh down >/dev/null 2>&1 || true' EXIT
bash Deploy/testhosts.sh up 3
export FANOUT_REQUIRE_TEST_HOSTS=1
swift test
