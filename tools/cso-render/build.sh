#!/usr/bin/env bash
# Builds cso-render into <repo>/.tools/bin/cso-render (git-ignored).
# Reuses the binary when it is newer than every source file, go.mod, go.sum and this script.
# Usage: bash tools/cso-render/build.sh [--force]
set -euo pipefail

src_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$src_dir/../.." && pwd)"
bin_dir="$repo_root/.tools/bin"
bin="$bin_dir/cso-render"

force=0
if [[ "${1:-}" == "--force" ]]; then force=1; fi

if [[ $force -eq 0 && -x "$bin" ]]; then
  newer="$(find "$src_dir" -maxdepth 1 -type f \( -name '*.go' -o -name 'go.mod' -o -name 'go.sum' -o -name 'build.sh' \) -newer "$bin" -print -quit)"
  if [[ -z "$newer" ]]; then
    echo "cso-render is up to date: .tools/bin/cso-render"
    exit 0
  fi
fi

if ! command -v go >/dev/null 2>&1; then
  echo "cso-render: the Go toolchain (go) is not on PATH; install Go 1.24 or newer" >&2
  exit 1
fi

mkdir -p "$bin_dir"
# Build to a temporary name and move it into place, so a failed build never leaves a
# half-written binary that looks newer than the sources.
tmp="$bin.tmp.$$"
trap 'rm -f "$tmp"' EXIT
# GOGC: the Go compiler runs about a quarter faster at 400 than at its default (see tools/toolchain/install.sh).
(cd "$src_dir" && GOGC="${GOGC:-400}" CGO_ENABLED=0 go build -trimpath -mod=readonly -ldflags="-s -w" -o "$tmp" .)
mv -f "$tmp" "$bin"
echo "built .tools/bin/cso-render"
