#!/usr/bin/env bash
# The whole suite: static checks, the real services, every vitest project.
# Services this run had to start are stopped at the end (ones already running are left alone).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

started="$(mktemp)"
cleanup() {
  local code=$?
  if [[ -s "$started" ]]; then
    # shellcheck disable=SC2046
    bash scripts/services/services.sh down $(sort -u "$started") || true
  fi
  rm -f "$started"
  exit "$code"
}
trap cleanup EXIT INT TERM

t0=$SECONDS
npm run -s check
CF_STARTED_FILE="$started" bash scripts/services/services.sh up
bash scripts/tools/schemathesis.sh >/dev/null # the OpenAPI fuzzer (cached; openapi-fuzz.test.ts)
echo "[test] services ready after $((SECONDS - t0))s"
mkdir -p .services
status=0
npx vitest run --project unit --project integration --reporter=default --reporter=json --outputFile.json=.services/vitest-report.json "$@" || status=$?
echo "[test] total $((SECONDS - t0))s"
# One plain closing line for whoever reads the log: "N passed, N failed[, N skipped]".
node -e '
  const r = require("./.services/vitest-report.json");
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' || true
exit "$status"
