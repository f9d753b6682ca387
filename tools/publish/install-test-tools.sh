#!/usr/bin/env bash
# Installs the two real tools the tests of tools/publish run against into .tools/bin at the
# repository root:
#   registry  the CNCF distribution registry, started by the tests on 127.0.0.1
#   oras      the ORAS CLI, which pulls what tools/publish pushed
#
# Pins: tools/toolchain/pins.env is read first; a pin it does not (yet) define falls back to
# the default below, so this script and the main installer never disagree once pins.env
# carries REGISTRY_* and ORAS_*.
#
# Idempotent: a binary in .tools/bin that reports its pinned version is kept. Otherwise it is
# built with Go inside a throwaway module that requires <module>@<version>. That builds exactly
# the module's own dependency versions, like `go install <package>@<version>`, but does not need
# the module proxy's version list, which some proxies refuse (`go install pkg@version` reads it
# for the deprecation check and then fails).
#
# Usage: bash tools/publish/install-test-tools.sh   (from any directory)
set -euo pipefail

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
repo_root=$(cd -- "$script_dir/../.." && pwd -P)
pins_file=$repo_root/tools/toolchain/pins.env
tools_dir=$repo_root/.tools
bin_dir=$tools_dir/bin

if [[ -f $pins_file ]]; then
  # shellcheck source=../toolchain/pins.env
  source "$pins_file"
fi
: "${REGISTRY_VERSION:=v3.0.0}"
: "${REGISTRY_MODULE:=github.com/distribution/distribution/v3}"
: "${REGISTRY_PACKAGE:=github.com/distribution/distribution/v3/cmd/registry}"
: "${REGISTRY_VERSION_VAR:=github.com/distribution/distribution/v3/version.version}"
: "${ORAS_VERSION:=v1.3.3}"
: "${ORAS_MODULE:=oras.land/oras}"
: "${ORAS_PACKAGE:=oras.land/oras/cmd/oras}"
: "${ORAS_GIT_COMMIT_VAR:=oras.land/oras/internal/version.GitCommit}"
: "${ORAS_GIT_COMMIT:=210747c29c1d38732b3194878dfd8b5a6b9ad7eb}"

started=$SECONDS

fail() {
  printf 'install-test-tools.sh: %s: %s\n' "$1" "$2" >&2
  exit 1
}

bounded() { # a version probe must not hang the installer
  if command -v timeout >/dev/null 2>&1; then timeout 60 "$@"; else "$@"; fi
}

reported_version() { # TOOL BINARY -> version the binary reports, build metadata dropped
  local out=''
  case $1 in
    registry) out=$(bounded "$2" --version 2>/dev/null | awk 'NR == 1 { print $NF }') || true ;;
    oras) out=$(bounded "$2" version 2>/dev/null | sed -n 's/^Version:[[:space:]]*//p' | head -n 1) || true ;;
  esac
  out=$(printf '%s' "$out" | tr -d '[:space:]')
  printf '%s' "${out%%+*}"
}

has_pinned_version() { # TOOL BINARY VERSION
  local got
  [[ -f $2 && -x $2 ]] || return 1
  got=$(reported_version "$1" "$2")
  [[ -n $got && ${got#v} == "${3#v}" ]]
}

install_tool() { # TOOL MODULE PACKAGE VERSION LDFLAGS
  local tool=$1 module=$2 package=$3 version=$4 ldflags=$5 target=$bin_dir/$1 stage began
  if has_pinned_version "$tool" "$target" "$version"; then
    printf '%-9s %-8s %s  (reused)\n' "$tool" "$version" "$target"
    return
  fi
  command -v go >/dev/null 2>&1 || fail "$tool" "Go is required to build $package@$version"
  stage=$(mktemp -d "$tools_dir/.publish-stage.XXXXXX")
  began=$SECONDS
  printf '%-9s building %s@%s with %s ...\n' "$tool" "$package" "$version" "$(go env GOVERSION)"
  if ! (
    cd "$stage" &&
      export GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0 &&
      go mod init tools.invalid/build-"$tool" >/dev/null 2>&1 &&
      go get "$module@$version" &&
      GOBIN=$stage/bin go install -trimpath -ldflags="$ldflags" "$package"
  ); then
    rm -rf "$stage"
    fail "$tool" "building $package@$version failed"
  fi
  if ! has_pinned_version "$tool" "$stage/bin/$tool" "$version"; then
    local got
    got=$(reported_version "$tool" "$stage/bin/$tool")
    rm -rf "$stage"
    fail "$tool" "the new binary reports '${got:-nothing}', not the pinned $version"
  fi
  mv -f "$stage/bin/$tool" "$target"
  rm -rf "$stage"
  printf '%-9s %-8s %s  (built in %ss)\n' "$tool" "$version" "$target" "$((SECONDS - began))"
}

mkdir -p "$bin_dir"
if command -v flock >/dev/null 2>&1; then
  exec 8>"$tools_dir/.publish-tools.lock"
  flock 8
fi
rm -rf "$tools_dir"/.publish-stage.*

install_tool registry "$REGISTRY_MODULE" "$REGISTRY_PACKAGE" "$REGISTRY_VERSION" \
  "-s -w -X $REGISTRY_VERSION_VAR=$REGISTRY_VERSION"
install_tool oras "$ORAS_MODULE" "$ORAS_PACKAGE" "$ORAS_VERSION" \
  "-s -w -X $ORAS_GIT_COMMIT_VAR=$ORAS_GIT_COMMIT"
printf 'publish test tools ready in %ss\n' "$((SECONDS - started))"
