#!/usr/bin/env bash
# The body of `npm test` once the tools are installed. The workspace checks (`npm run check`: tsc, prettier, the
# generated files, the version locks, the docs) and every project's lint target run side by side: each keeps
# about one core busy, and Nx runs its lint batch before it starts any other task, so one after the other they
# left a core idle. Then the tests and validate tiers of every project. The checks' output is printed when they
# end. Exits non-zero, before the tests, when the checks or lint fail.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
nx=node_modules/.bin/nx

checks_log=$(mktemp)
trap 'rm -f "$checks_log"' EXIT
npm run --silent check >"$checks_log" 2>&1 &
checks=$!
"$nx" run-many -t lint --outputStyle=static
lint_status=$?
wait "$checks"
checks_status=$?
cat "$checks_log"
if ((checks_status != 0)); then
  echo "npm test: npm run check failed (its output is above); the tests did not run" >&2
  exit 1
fi
if ((lint_status != 0)); then
  echo "npm test: lint failed (above); the tests did not run" >&2
  exit 1
fi
exec "$nx" run-many -t test validate --outputStyle=static
