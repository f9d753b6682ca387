#!/usr/bin/env bash
# `npm run tools`: installs the pinned CLIs (install.sh) and builds the workspace's own Go tools (cso-render,
# topology-plan), all three at once. They share Go's module and build caches; run one after another, the module
# downloads of one build and the single-threaded link steps left cores idle that the other builds now use.
# Each line is prefixed with the job it comes from; the exit status is non-zero if any job failed, naming it.
# Usage: bash tools/toolchain/all.sh   (from any directory)
set -euo pipefail

repo_root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)
jobs=(toolchain:tools/toolchain/install.sh cso-render:tools/cso-render/build.sh topology-plan:tools/topology-plan/build.sh)

pids=()
for job in "${jobs[@]}"; do
  name=${job%%:*}
  script=$repo_root/${job#*:}
  (
    set -o pipefail
    bash "$script" 2>&1 | sed -u "s/^/[$name] /"
  ) &
  pids+=("$!")
done

status=0
for i in "${!jobs[@]}"; do
  if ! wait "${pids[$i]}"; then
    printf 'tools: %s failed (its lines above start with [%s])\n' "${jobs[$i]#*:}" "${jobs[$i]%%:*}" >&2
    status=1
  fi
done
exit "$status"
