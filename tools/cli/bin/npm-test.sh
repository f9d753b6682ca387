#!/usr/bin/env bash
# `npm test`. Three things that need nothing of each other run side by side:
#   - `npm run tools`, the pinned CLIs and the Go tools (minutes of Go compiling in a fresh clone, link steps and
#     downloads leaving a core idle at times; about a second once installed), its progress printed as it goes;
#   - the workspace checks (`npm run check`: tsc, prettier, the generated files, the version locks, the docs),
#     their output printed when they end;
#   - every project's lint target (Nx runs its lint batch before any other task, so after the checks it left a
#     core idle).
# Then, with all three passed, the tests and validate tiers of every project, which use the tools. Exits non-zero
# before the tests when any of the three fails, naming which.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
nx=node_modules/.bin/nx

checks_log=$(mktemp)
trap 'rm -f "$checks_log"' EXIT
npm run --silent tools &
tools=$!
npm run --silent check >"$checks_log" 2>&1 &
checks=$!
"$nx" run-many -t lint --outputStyle=static
lint_status=$?
wait "$checks"
checks_status=$?
cat "$checks_log"
wait "$tools"
tools_status=$?
failed=()
((tools_status == 0)) || failed+=("npm run tools")
((checks_status == 0)) || failed+=("npm run check")
((lint_status == 0)) || failed+=("lint")
if ((${#failed[@]} > 0)); then
  joined=$(printf '%s, ' "${failed[@]}")
  echo "npm test: ${joined%, } failed (output above); the tests did not run" >&2
  exit 1
fi
exec "$nx" run-many -t test validate --outputStyle=static
