#!/usr/bin/env bash
# Runs the test suite several rounds beside busy loops, to find tests whose outcome depends on
# scheduling (which of two timers fires first, how long something took on the wall clock).
#
#   tests/stress.sh [cargo test arguments...]
#
# Without arguments it runs the whole workspace suite (`cargo test --workspace`). Arguments are
# passed to `cargo test` unchanged, so a subset is e.g.
#
#   tests/stress.sh -p popbill --test redaction --test pipeline
#   tests/stress.sh -p popbill --test auth -- --test-threads=1
#
# Environment:
#   STRESS_ROUNDS         rounds to run (default 5)
#   STRESS_BUSY           busy loops (one spinning shell each) beside the tests (default 6)
#   STRESS_CARGO_ARGS     extra arguments for every cargo call, before the script's own
#                         arguments, e.g. "--locked" (word-split)
#   STRESS_ROUND_TIMEOUT  seconds one round may take before it counts as hung (default 1800)
#   STRESS_LOG_DIR        where each round's output is kept (default target/stress)
#
# It builds once first (`cargo test --no-run`), so the rounds measure the tests, not the
# compiler. (Doc-tests are compiled as they run; pass `--lib --tests` to leave them out.)
# Every round runs with --no-fail-fast; at the end it lists every test that failed, with the
# test binary and the round, and how often each failed. Exit status: 0 when every round passed,
# 1 when any test failed or a round hung, 2 when the build failed. The busy loops are killed
# however the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds="${STRESS_ROUNDS:-5}"
busy="${STRESS_BUSY:-6}"
round_timeout="${STRESS_ROUND_TIMEOUT:-1800}"
log_dir="${STRESS_LOG_DIR:-target/stress}"
read -r -a extra <<<"${STRESS_CARGO_ARGS:-}"
if [ "$#" -eq 0 ]; then
  set -- --workspace
fi

for n in "$rounds" "$busy" "$round_timeout"; do
  case "$n" in
    '' | *[!0-9]*)
      echo "stress: STRESS_ROUNDS, STRESS_BUSY and STRESS_ROUND_TIMEOUT must be whole numbers" >&2
      exit 2
      ;;
  esac
done

mkdir -p "$log_dir"
failures="$log_dir/failures.txt"
: >"$failures"

busy_pids=()
stop_busy() {
  local pid
  for pid in "${busy_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${busy_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  busy_pids=()
}
trap stop_busy EXIT
trap 'stop_busy; exit 130' INT
trap 'stop_busy; exit 143' TERM

echo "== stress: building once: cargo test --no-run ${extra[*]} $*"
if ! cargo test --no-run "${extra[@]}" "$@"; then
  echo "stress: build failed" >&2
  exit 2
fi

echo "== stress: $rounds round(s) beside $busy busy loop(s); logs in $log_dir"
for ((i = 0; i < busy; i++)); do
  bash -c 'while :; do :; done' &
  busy_pids+=("$!")
done

# Prints "binary<TAB>test" for every failed test in one round's output. The binary is taken
# from cargo's "Running ..." / "Doc-tests ..." line that precedes the test's result.
failed_tests() {
  awk '
    /^ *Running / {
      # "Running tests/redaction.rs (target/debug/deps/redaction-0123abcd)" -> "redaction (tests/redaction.rs)"
      exe = $NF; gsub(/[()]/, "", exe); sub(/.*\//, "", exe); sub(/-[0-9a-f]+$/, "", exe)
      bin = exe " (" $(NF - 1) ")"; next
    }
    /^ *Doc-tests / { bin = "doc-tests " $2; next }
    /^test .* \.\.\. FAILED$/ {
      name = $0; sub(/^test /, "", name); sub(/ \.\.\. FAILED$/, "", name)
      print bin "\t" name
    }
  ' "$1"
}

status=0
started=$SECONDS
for ((round = 1; round <= rounds; round++)); do
  log="$log_dir/round-$round.log"
  t0=$SECONDS
  rc=0
  timeout --kill-after=30 "$round_timeout" \
    cargo test --no-fail-fast "${extra[@]}" "$@" >"$log" 2>&1 || rc=$?
  found="$(failed_tests "$log")"
  if [ -n "$found" ]; then
    while IFS= read -r line; do
      printf 'round %d\t%s\n' "$round" "$line" >>"$failures"
    done <<<"$found"
  fi
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    printf 'round %d\t(round)\thung: no result within %ss\n' "$round" "$round_timeout" >>"$failures"
  elif [ "$rc" -ne 0 ] && [ -z "$found" ]; then
    # A failure that is not a test result: a crashed test binary, a doc-test that did not compile.
    printf 'round %d\t(round)\tcargo exited %d without a failed test line; see %s\n' \
      "$round" "$rc" "$log" >>"$failures"
  fi
  if [ "$rc" -ne 0 ]; then
    status=1
    echo "round $round/$rounds: FAILED (exit $rc, $((SECONDS - t0)) s), log $log"
    if [ -n "$found" ]; then
      sed 's/^/    /' <<<"$found"
    fi
  else
    echo "round $round/$rounds: ok ($((SECONDS - t0)) s)"
  fi
done
stop_busy

echo "== stress summary: $rounds round(s), $busy busy loop(s), $((SECONDS - started)) s"
if [ -s "$failures" ]; then
  echo "failed (round, binary, test):"
  sed 's/^/  /' "$failures"
  echo "failures per test:"
  cut -f2- "$failures" | sort | uniq -c | sort -rn | sed 's/^/  /'
else
  echo "no test failed"
fi
exit "$status"
