#!/usr/bin/env bash
# Conformance run: the official POPBiLL Python SDK (pinned) against a fresh popbill-sandbox.
# Creates tests/conformance/.venv on first use, builds and starts the sandbox binary on a free
# port, runs drive.py, stops the sandbox (SIGTERM, must exit 0). Exit status = drive.py's.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="$HERE/.venv"
PYTHON="${PYTHON:-python3}"
POPBILL_VERSION="1.64.2"
LINKHUB_VERSION="1.6.0"

# 1. Python SDK, pinned, in a local venv (reused when already set up).
if ! "$VENV/bin/python" -c "import popbill, linkhub, sys; sys.exit(0 if (popbill.__version__, linkhub.__version__) == ('$POPBILL_VERSION', '$LINKHUB_VERSION') else 1)" 2>/dev/null; then
  echo "conformance: installing popbill==$POPBILL_VERSION linkhub==$LINKHUB_VERSION into $VENV"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "popbill==$POPBILL_VERSION" "linkhub==$LINKHUB_VERSION"
fi

# 2. Sandbox binary.
(cd "$ROOT" && cargo build --quiet --locked -p popbill-sandbox --bin popbill-sandbox)
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET_DIR/debug/popbill-sandbox"

WORK="$(mktemp -d)"
OUT="$WORK/stdout"
ERR="$WORK/stderr"
"$BIN" --port 0 --filing-step-ms 150 --bulk-step-ms 150 >"$OUT" 2>"$ERR" &
PID=$!
cleanup() {
  if kill -0 "$PID" 2>/dev/null; then kill -KILL "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

URL=""
for _ in $(seq 1 150); do
  if [ -s "$OUT" ]; then
    URL="$(sed -n 's/^listening on \(http:\/\/[^ ]*\)$/\1/p' "$OUT" | head -n1)"
    [ -n "$URL" ] && break
  fi
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "conformance: sandbox exited early:"; cat "$ERR"; exit 1
  fi
  sleep 0.1
done
if [ -z "$URL" ]; then
  echo "conformance: sandbox did not print 'listening on ...' within 15 s"; cat "$ERR"; exit 1
fi
LINES="$(wc -l <"$OUT")"
if [ "$LINES" -ne 1 ]; then
  echo "conformance: expected exactly one line on stdout, got $LINES"; cat "$OUT"; exit 1
fi
echo "conformance: sandbox at $URL"

STATUS=0
timeout 300 "$VENV/bin/python" "$HERE/drive.py" "$URL" || STATUS=$?
timeout 300 "$VENV/bin/python" "$HERE/drive_hometax.py" "$URL" || STATUS=$?

# 3. Clean shutdown on SIGTERM.
kill -TERM "$PID"
SHUT=0
for _ in $(seq 1 100); do
  if ! kill -0 "$PID" 2>/dev/null; then break; fi
  sleep 0.1
done
if kill -0 "$PID" 2>/dev/null; then
  echo "conformance: sandbox did not stop within 10 s of SIGTERM"; SHUT=1
else
  wait "$PID" || SHUT=$?
  [ "$SHUT" -eq 0 ] || echo "conformance: sandbox exited with $SHUT after SIGTERM"
fi
if [ "$STATUS" -eq 0 ] && [ "$SHUT" -ne 0 ]; then STATUS=1; fi
exit "$STATUS"
