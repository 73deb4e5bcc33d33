#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer, through swiftc -sanitize=fuzzer,address) of the readers that take input
# from outside Fanout: the protocol decoders, the XML reader behind JUnit reports, and the TOML/INI readers.
#
#   Tests/Fuzz/run.sh [SECONDS]   build the three fuzzers and run each for SECONDS (default 20)
#
# Each fuzzer starts from Tests/Fuzz/Seeds/TARGET and from every input that once broke it,
# Tests/Fuzz/Regressions/TARGET (FanoutTests replays those too, on every test run). A crash stops the script
# with exit 1 and leaves the input that caused it in Tests/Fuzz/Regressions/TARGET: keep it there, fix the
# bug. Everything built goes to .build/fuzz.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -d /opt/swift/usr/bin ]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
seconds=${1:-20}
out=.build/fuzz
mkdir -p "$out"
flags=(-sanitize=fuzzer,address -parse-as-library -Onone -g -I "$out" -L "$out")

# One static library per module, in dependency order, instrumented for coverage.
module() {
  local name=$1
  shift
  swiftc "${flags[@]}" -emit-library -static -emit-module -module-name "$name" \
    -emit-module-path "$out/$name.swiftmodule" -o "$out/lib$name.a" "$@" \
    $(find "Sources/$name" -name '*.swift' | sort)
}
build() {
  if ! "$@" >>"$out/build.log" 2>&1; then
    tail -30 "$out/build.log"
    exit 1
  fi
}
: >"$out/build.log"
# The C shim behind FanoutCore's SHA-256 (libcrypto's), plain: it takes no outside input.
build clang -c -O1 -I Sources/CFanoutDigest/include -o "$out/fanout_digest.o" Sources/CFanoutDigest/sha256.c
build ar rcs "$out/libCFanoutDigest.a" "$out/fanout_digest.o"
flags+=(-I Sources/CFanoutDigest/include)
build module FanoutCore
build module FanoutProtocol -lFanoutCore
build module FanoutFormats -lFanoutCore
build module FanoutConfig -lFanoutFormats -lFanoutCore

fuzzer() {
  local target=$1 source=$2
  shift 2
  swiftc "${flags[@]}" -o "$out/fuzz-$target" "Tests/Fuzz/Targets/$source" "$@" -lCFanoutDigest -lcrypto
}
build fuzzer protocol FuzzProtocol.swift -lFanoutProtocol -lFanoutCore
build fuzzer xml FuzzXML.swift -lFanoutCore
build fuzzer config FuzzConfig.swift -lFanoutConfig -lFanoutFormats -lFanoutCore

status=0
for target in protocol xml config; do
  corpus="$out/corpus-$target"
  regressions="Tests/Fuzz/Regressions/$target"
  mkdir -p "$corpus" "$regressions"
  cp Tests/Fuzz/Seeds/"$target"/* "$corpus"/ 2>/dev/null || true
  echo "fuzz: $target for ${seconds}s"
  if ! "$out/fuzz-$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix="$regressions/" -print_final_stats=1 "$corpus" "$regressions" 2>"$out/fuzz-$target.log"; then
    echo "fuzz: $target found an input that breaks it; it is in $regressions (log: $out/fuzz-$target.log)"
    tail -40 "$out/fuzz-$target.log"
    status=1
  fi
  grep -E "stat::number_of_executed_units|stat::new_units_added" "$out/fuzz-$target.log" | sed "s/^/fuzz: $target /"
done
exit $status
