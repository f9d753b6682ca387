#!/usr/bin/env bash
# Builds topology-plan into <repo>/.tools/bin/topology-plan (git-ignored).
# Reuses the binary when it is newer than every source file, go.mod, go.sum and this script.
# Refuses to build when go.mod's Cluster API is not the one pinned in tools/toolchain/pins.env.
# Usage: bash tools/topology-plan/build.sh [--force]
set -euo pipefail

src_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$src_dir/../.." && pwd)"
bin_dir="$repo_root/.tools/bin"
bin="$bin_dir/topology-plan"

pin="$(sed -n 's/^TOPOLOGY_PLAN_CAPI_VERSION=//p' "$repo_root/tools/toolchain/pins.env")"
for module in sigs.k8s.io/cluster-api sigs.k8s.io/cluster-api/api; do
  required="$(awk -v m="$module" '$1 == m { print $2 }' "$src_dir/go.mod")"
  if [[ -z "$pin" || "$required" != "$pin" ]]; then
    echo "topology-plan: go.mod requires $module ${required:-(none)}, pins.env pins TOPOLOGY_PLAN_CAPI_VERSION=${pin:-(none)}" >&2
    exit 1
  fi
done

force=0
if [[ "${1:-}" == "--force" ]]; then force=1; fi

if [[ $force -eq 0 && -x "$bin" ]]; then
  newer="$(find "$src_dir" "$repo_root/tools/toolchain/pins.env" -maxdepth 1 -type f \( -name '*.go' -o -name 'go.mod' -o -name 'go.sum' -o -name 'build.sh' -o -name 'pins.env' \) -newer "$bin" -print -quit)"
  if [[ -z "$newer" ]]; then
    echo "topology-plan is up to date: .tools/bin/topology-plan (Cluster API $pin)"
    exit 0
  fi
fi

if ! command -v go >/dev/null 2>&1; then
  echo "topology-plan: the Go toolchain (go) is not on PATH; install Go 1.26 or newer (Cluster API $pin needs it)" >&2
  exit 1
fi

mkdir -p "$bin_dir"
# Build to a temporary name and move it into place, so a failed build never leaves a
# half-written binary that looks newer than the sources.
tmp="$bin.tmp.$$"
trap 'rm -f "$tmp"' EXIT
start=$SECONDS
# GOGC: the Go compiler runs about a quarter faster at 400 than at its default (see tools/toolchain/install.sh).
(cd "$src_dir" && GOGC="${GOGC:-400}" CGO_ENABLED=0 go build -trimpath -mod=readonly -ldflags="-s -w" -o "$tmp" .)
mv -f "$tmp" "$bin"
echo "built .tools/bin/topology-plan (Cluster API $pin) in $((SECONDS - start))s"
