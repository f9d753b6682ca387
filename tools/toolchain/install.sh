#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Installs the pinned CLIs (helm, kubeconform, clusterctl) and the Kubernetes JSON schemas
# into .tools/ at the repository root. Every pin lives in pins.env beside this script.
#
# Idempotent: a tool already in .tools/bin that reports its pinned version is kept; else a
# tool of that exact version on PATH is copied in; else it is built with `go install`; and
# only when Go is absent is the upstream release downloaded and checked against its sha256.
# A tool is never skipped: any failure exits non-zero naming the tool.
#
# Usage: bash tools/toolchain/install.sh   (from any directory)
set -euo pipefail

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
repo_root=$(cd -- "$script_dir/../.." && pwd -P)
pins_file=$script_dir/pins.env
tools_dir=$repo_root/.tools
bin_dir=$tools_dir/bin
schemas_dir=$tools_dir/k8s-schemas
tools=(helm kubeconform clusterctl registry oras actionlint)

# shellcheck source=pins.env
source "$pins_file"

# clusterctl otherwise asks the network for newer releases after every command.
export CLUSTERCTL_DISABLE_VERSIONCHECK=true

# The Go compiler is a Go program that collects garbage often at Go's default (GOGC=100): compiling client-go
# from an empty build cache took 82 s at 100 and 59 s at 400 on 2 cores (peak memory 458 → 617 MB). A GOGC
# set by the user wins.
export GOGC="${GOGC:-400}"

started=$SECONDS

fail() {
  local what=$1
  shift
  printf 'install.sh: %s: %s\n' "$what" "$*" >&2
  exit 1
}

report() { # name version path how
  printf '%-12s %-10s %s  (%s)\n' "$1" "$2" "$3" "$4"
}

upper() { printf '%s' "$1" | tr '[:lower:]' '[:upper:]'; }

pin() { # TOOL KEY -> value of <TOOL>_<KEY> from pins.env (empty when unset)
  local var
  var="$(upper "$1")_$2"
  printf '%s' "${!var-}"
}

run_quietly() { # bounded run of a version probe; stderr dropped
  if command -v timeout >/dev/null 2>&1; then
    timeout 60 "$@" 2>/dev/null
  else
    "$@" 2>/dev/null
  fi
}

reported_version() { # TOOL BINARY -> the version the binary reports, build metadata dropped
  local tool=$1 binary=$2 out=''
  case $tool in
    helm) out=$(run_quietly "$binary" version --short) || true ;;
    kubeconform) out=$(run_quietly "$binary" -v) || true ;;
    clusterctl) out=$(run_quietly "$binary" version -o short) || true ;;
    registry) out=$(run_quietly "$binary" --version | awk 'NR == 1 { print $NF }') || true ;;
    oras) out=$(run_quietly "$binary" version | sed -n 's/^Version:[[:space:]]*//p') || true ;;
    actionlint) out=$(run_quietly "$binary" -version | head -n 1) || true ;;
    *) fail "$tool" "unknown tool" ;;
  esac
  out=$(printf '%s\n' "$out" | head -n 1 | tr -d '[:space:]')
  printf '%s' "${out%%+*}"
}

has_pinned_version() { # TOOL BINARY
  local tool=$1 binary=$2 wanted got
  [[ -f $binary && -x $binary ]] || return 1
  wanted=$(pin "$tool" VERSION)
  got=$(reported_version "$tool" "$binary")
  [[ -n $got && ${got#v} == "${wanted#v}" ]]
}

ldflags_for() { # TOOL -> value for go install -ldflags
  local tool=$1 flags='-s -w' version major minor rest pkg
  case $tool in
    helm)
      flags+=" -X $HELM_VERSION_VAR=$HELM_VERSION"
      local IFS=','
      for pkg in $HELM_KUBE_VERSION_VARS; do
        flags+=" -X $pkg.k8sVersionMajor=$HELM_KUBE_VERSION_MAJOR -X $pkg.k8sVersionMinor=$HELM_KUBE_VERSION_MINOR"
      done
      ;;
    kubeconform)
      flags+=" -X $KUBECONFORM_VERSION_VAR=$KUBECONFORM_VERSION"
      ;;
    clusterctl)
      version=$CLUSTERCTL_VERSION
      major=${version#v}
      major=${major%%.*}
      rest=${version#v*.}
      minor=${rest%%.*}
      pkg=$CLUSTERCTL_VERSION_PACKAGE
      flags+=" -X $pkg.gitVersion=$version -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
      flags+=" -X $pkg.gitCommit=$CLUSTERCTL_GIT_COMMIT -X $pkg.gitTreeState=clean"
      ;;
    registry)
      flags+=" -X $REGISTRY_VERSION_VAR=$REGISTRY_VERSION"
      ;;
    oras)
      flags+=" -X $ORAS_GIT_COMMIT_VAR=$ORAS_GIT_COMMIT"
      ;;
  esac
  printf '%s' "$flags"
}

stage_dir() { mktemp -d "$tools_dir/.stage.XXXXXX"; }

build_with_go() { # TOOL STAGE -> builds STAGE/TOOL
  local tool=$1 stage=$2 package version module
  package=$(pin "$tool" PACKAGE)
  version=$(pin "$tool" VERSION)
  [[ -n $package && -n $version ]] || fail "$tool" "no $(upper "$tool")_PACKAGE/$(upper "$tool")_VERSION in pins.env"
  printf '%-12s building %s@%s with %s ...\n' "$tool" "$package" "$version" "$(go env GOVERSION 2>/dev/null || echo go)"
  module=$(pin "$tool" MODULE)
  if [[ -n $module ]]; then
    # Built inside a throwaway module requiring <module>@<version>: the same dependency versions as
    # `go install <package>@<version>`, without the module proxy's version list, which that command
    # reads for its deprecation check and which some proxies refuse (403 for oras.land/oras).
    if ! (
      mkdir "$stage/module" && cd "$stage/module" &&
        export GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0 &&
        go mod init "tools.invalid/build-$tool" >/dev/null 2>&1 &&
        go get "$module@$version" &&
        GOBIN=$stage go install -trimpath -ldflags="$(ldflags_for "$tool")" "$package"
    ); then
      fail "$tool" "building $package@$version in a module requiring $module@$version failed"
    fi
    return
  fi
  if ! GOBIN=$stage CGO_ENABLED=0 go install -trimpath -ldflags="$(ldflags_for "$tool")" "$package@$version"; then
    fail "$tool" "go install $package@$version failed"
  fi
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d' ' -f1
  else
    return 1
  fi
}

download_release() { # TOOL STAGE -> fetches STAGE/TOOL from the pinned, checksummed release
  local tool=$1 stage=$2 platform url sha member archive got
  platform="$(uname -s)-$(uname -m)"
  case $platform in
    Linux-x86_64) ;;
    *) fail "$tool" "Go is required: it is not on PATH, and pins.env has release checksums for linux-amd64 only (this is $platform)" ;;
  esac
  url=$(pin "$tool" RELEASE_URL_LINUX_AMD64)
  sha=$(pin "$tool" RELEASE_SHA256_LINUX_AMD64)
  member=$(pin "$tool" RELEASE_MEMBER_LINUX_AMD64)
  if [[ -z $url || -z $sha ]]; then
    fail "$tool" "Go is required: it is not on PATH, and pins.env records no verified release checksum for $tool $(pin "$tool" VERSION)"
  fi
  archive=$stage/download
  printf '%-12s Go not found; downloading %s ...\n' "$tool" "$url"
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 3 -o "$archive" "$url" || fail "$tool" "download of $url failed"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$archive" "$url" || fail "$tool" "download of $url failed"
  else
    fail "$tool" "Go is required (neither go, curl nor wget is on PATH)"
  fi
  got=$(sha256_of "$archive") || fail "$tool" "neither sha256sum nor shasum is on PATH to verify the download"
  [[ $got == "$sha" ]] || fail "$tool" "sha256 mismatch for $url: expected $sha, got $got"
  if [[ -n $member ]]; then
    tar -xzf "$archive" -C "$stage" "$member" || fail "$tool" "could not extract $member from $url"
    mv -f "$stage/$member" "$stage/$tool"
  else
    mv -f "$archive" "$stage/$tool"
  fi
  chmod 0755 "$stage/$tool"
}

# Keeps .tools/bin/<tool> when it reports the pinned version, or copies in a binary of that version from PATH;
# returns non-zero when the tool has to be built.
reuse_tool() {
  local tool=$1 target=$bin_dir/$1 version candidate
  version=$(pin "$tool" VERSION)
  [[ -n $version ]] || fail "$tool" "no $(upper "$tool")_VERSION in pins.env"

  if has_pinned_version "$tool" "$target"; then
    report "$tool" "$version" "$target" "reused"
    return 0
  fi

  local -a candidates=()
  mapfile -t candidates < <(type -ap "$tool" 2>/dev/null || true)
  for candidate in "${candidates[@]}"; do
    [[ -e $target && $candidate -ef $target ]] && continue
    if has_pinned_version "$tool" "$candidate"; then
      install -m 0755 "$candidate" "$target.new"
      mv -f "$target.new" "$target"
      report "$tool" "$version" "$target" "reused from PATH: $candidate"
      return 0
    fi
  done
  return 1
}

# Builds (or, without Go, downloads) the pinned tool into .tools/bin/<tool> and checks its version.
install_built() {
  local tool=$1 target=$bin_dir/$1 version stage how
  version=$(pin "$tool" VERSION)
  stage=$(stage_dir)
  if command -v go >/dev/null 2>&1; then
    build_with_go "$tool" "$stage"
    how="installed with go install"
  else
    download_release "$tool" "$stage"
    how="installed from the checksummed upstream release"
  fi
  if ! has_pinned_version "$tool" "$stage/$tool"; then
    local got
    got=$(reported_version "$tool" "$stage/$tool")
    rm -rf "$stage"
    fail "$tool" "the new binary reports '${got:-nothing}', not the pinned $version"
  fi
  mv -f "$stage/$tool" "$target"
  rm -rf "$stage"
  report "$tool" "$version" "$target" "$how"
}

# Installs the tools that have to be built all at once: one `go install` per tool (each builds its own module
# at its pinned version), run concurrently and sharing Go's module and build caches. Each tool's output is
# printed when it finishes; any failure exits non-zero naming the tools.
install_built_in_parallel() { # TOOL...
  (($# > 0)) || return 0
  local tool started_at=$SECONDS
  local -A log=()
  local -a remaining=("$@") failed=()
  printf 'building %s at once ...\n' "$*"
  for tool; do
    log[$tool]=$(mktemp "$tools_dir/.build-$tool.XXXXXX")
    (
      set +e
      (install_built "$tool") >"${log[$tool]}" 2>&1
      printf '%s' "$?" >"${log[$tool]}.status"
    ) &
  done
  while ((${#remaining[@]} > 0)); do
    wait -n 2>/dev/null || true
    local -a still=()
    for tool in "${remaining[@]}"; do
      if [[ ! -e ${log[$tool]}.status ]]; then
        still+=("$tool")
        continue
      fi
      if [[ $(cat "${log[$tool]}.status") == 0 ]]; then
        cat "${log[$tool]}"
      else
        cat "${log[$tool]}" >&2
        failed+=("$tool")
      fi
      rm -f "${log[$tool]}" "${log[$tool]}.status"
    done
    remaining=("${still[@]}")
  done
  ((${#failed[@]} == 0)) || fail "${failed[*]}" "building failed (see above)"
  printf 'built %s in %ss\n' "$*" "$((SECONDS - started_at))"
}

python_command() { # -> a Python 3 that has pip
  local candidate
  for candidate in python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -m pip --version >/dev/null 2>&1; then
      printf '%s' "$candidate"
      return 0
    fi
  done
  return 1
}

need_python() { # WHAT -> sets python
  [[ -n ${python-} ]] && return
  python=$(python_command) || fail "$1" "Python 3 with pip is required for the Kubernetes schemas (kubernetes-validate==$KUBERNETES_VALIDATE_VERSION)"
}

# The wheel itself is kept, not its 17,000 files: every Nx build that records a glob output (the package
# targets' dist/releases/<project>-*) walks the whole checkout, ignored folders included, and the unpacked
# wheel made each such walk about 20 ms slower. generate_schemas takes from it only the folders it converts.
wheel_path() { printf '%s/pypi/kubernetes-validate-%s.whl' "$tools_dir" "$KUBERNETES_VALIDATE_VERSION"; }

install_kubernetes_validate() {
  local version=$KUBERNETES_VALIDATE_VERSION wheel stage requirements log downloaded
  wheel=$(wheel_path)
  # Unpacked by earlier versions of this script.
  rm -rf "$tools_dir/pypi/kubernetes-validate-$version"
  if [[ -f $wheel && $(sha256_of "$wheel") == "$KUBERNETES_VALIDATE_SHA256" ]]; then
    report "kubernetes-validate" "$version" "$wheel" "reused"
    return
  fi
  need_python "kubernetes-validate"
  mkdir -p "$tools_dir/pypi"
  stage=$(stage_dir)
  requirements=$stage/requirements.txt
  log=$stage/pip.log
  printf 'kubernetes-validate==%s --hash=sha256:%s\n' "$version" "$KUBERNETES_VALIDATE_SHA256" >"$requirements"
  if ! "$python" -m pip download --disable-pip-version-check --no-input --no-deps \
    --only-binary=:all: --require-hashes --dest "$stage/wheel" -r "$requirements" >"$log" 2>&1; then
    cat "$log" >&2
    rm -rf "$stage"
    fail "kubernetes-validate" "pip download kubernetes-validate==$version failed"
  fi
  downloaded=("$stage/wheel"/*.whl)
  [[ ${#downloaded[@]} -eq 1 && -f ${downloaded[0]} ]] ||
    fail "kubernetes-validate" "pip download kubernetes-validate==$version gave no single wheel in $stage/wheel"
  mv "${downloaded[0]}" "$wheel"
  rm -rf "$stage"
  report "kubernetes-validate" "$version" "$wheel" "downloaded with pip (hash-checked)"
}

# Unpacks one schema folder of the wheel (kubernetes_validate/kubernetes-json-schema/<folder>/) into DEST.
unpack_schema_folder() { # FOLDER DEST
  "$python" - "$(wheel_path)" "kubernetes_validate/kubernetes-json-schema/$1/" "$2" <<'PY'
import os, sys, zipfile
wheel, prefix, dest = sys.argv[1:4]
with zipfile.ZipFile(wheel) as archive:
    for member in archive.namelist():
        name = member[len(prefix):]
        if not member.startswith(prefix) or not name or member.endswith("/") or ".." in name.split("/"):
            continue
        target = os.path.join(dest, *name.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with archive.open(member) as source, open(target, "wb") as out:
            out.write(source.read())
PY
}

schema_location() { # MINOR -> kubeconform -schema-location template
  printf '%s/v%s/standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json' "$schemas_dir" "$1"
}

# kubernetes-validate's schemas refer to a shared _definitions.json by an absolute URL, which
# kubeconform would fetch; standalone_schemas.py embeds what each resource needs instead.
generate_schemas() { # MINOR SCHEMA_VERSION -> prints reused|installed
  local minor=$1 schema=$2 converter converter_sum stamp flavour source dest entry problem how=reused python=${python-}
  converter=$script_dir/standalone_schemas.py
  mkdir -p "$schemas_dir/v$minor"
  for entry in "$schemas_dir/v$minor"/* "$schemas_dir/v$minor"/.[!.]*; do
    [[ -e $entry || -L $entry ]] || continue
    case ${entry##*/} in standalone | standalone-strict) ;; *) rm -rf "$entry" ;; esac
  done
  for flavour in '' -strict; do
    dest=$schemas_dir/v$minor/standalone$flavour
    converter_sum=$(sha256_of "$converter") || fail "k8s-schemas" "neither sha256sum nor shasum is on PATH"
    stamp="kubernetes-validate==$KUBERNETES_VALIDATE_VERSION $schema-local$flavour converter-sha256=$converter_sum"
    if [[ -f $dest/.source && $(cat "$dest/.source") == "$stamp" ]]; then
      continue
    fi
    need_python "k8s-schemas"
    rm -rf "$dest" "$dest.new" "$dest.source"
    # The wheel's folder is unpacked beside the destination for the converter, and removed whatever happens.
    source=$dest.source
    problem=''
    if ! unpack_schema_folder "$schema-local$flavour" "$source"; then
      problem="could not read $schema-local$flavour from $(wheel_path)"
    elif [[ ! -f $source/_definitions.json ]]; then
      problem="kubernetes-validate $KUBERNETES_VALIDATE_VERSION bundles no $schema-local$flavour schemas (pinned for Kubernetes $minor in pins.env)"
    elif ! "$python" "$converter" "$source" "$dest.new" >/dev/null; then
      problem="could not make standalone schemas for Kubernetes $minor from $schema-local$flavour"
    fi
    rm -rf "$source"
    if [[ -n $problem ]]; then
      rm -rf "$dest.new"
      fail "k8s-schemas" "$problem"
    fi
    printf '%s\n' "$stamp" >"$dest.new/.source"
    mv "$dest.new" "$dest"
    how=installed
  done
  printf '%s' "$how"
}

# A Deployment, a DaemonSet and an APIService that must validate strictly for every pinned minor.
smoke_manifests() {
  cat <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: smoke, namespace: default}
spec:
  replicas: 1
  selector: {matchLabels: {app: smoke}}
  template:
    metadata: {labels: {app: smoke}}
    spec:
      containers: [{name: app, image: registry.invalid/app:1.0.0}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: smoke, namespace: default}
spec:
  selector: {matchLabels: {app: smoke}}
  template:
    metadata: {labels: {app: smoke}}
    spec:
      containers: [{name: logger, image: registry.invalid/logger:1.0.0}]
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.metrics.k8s.io}
spec:
  group: metrics.k8s.io
  version: v1beta1
  groupPriorityMinimum: 100
  versionPriority: 100
  insecureSkipTLSVerify: true
  service: {name: metrics-server, namespace: kube-system}
YAML
}

install_schemas() {
  local var minor schema how location output entry
  local -a minors=()
  install_kubernetes_validate
  for var in $(compgen -v K8S_SCHEMA_ | sort -V); do
    minor=${var#K8S_SCHEMA_}
    minors+=("${minor//_/.}")
  done
  [[ ${#minors[@]} -gt 0 ]] || fail "k8s-schemas" "pins.env names no K8S_SCHEMA_<major>_<minor>"
  # Drop schemas of minors that are no longer pinned, so that they cannot be used by mistake.
  for entry in "$schemas_dir"/*; do
    [[ -e $entry || -L $entry ]] || continue
    [[ " ${minors[*]/#/v} " == *" ${entry##*/} "* ]] || rm -rf "$entry"
  done
  for minor in "${minors[@]}"; do
    var=K8S_SCHEMA_${minor//./_}
    schema=${!var}
    how=$(generate_schemas "$minor" "$schema")
    location=$(schema_location "$minor")
    if ! output=$(smoke_manifests | "$bin_dir/kubeconform" -strict -summary -schema-location "$location" - 2>&1); then
      printf '%s\n' "$output" >&2
      fail "k8s-schemas" "Deployment/DaemonSet/APIService do not validate against $location"
    fi
    report "k8s-schemas" "v$minor" "$location" "$how; $schema from kubernetes-validate $KUBERNETES_VALIDATE_VERSION"
  done
}

mkdir -p "$bin_dir" "$schemas_dir"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$tools_dir/.install.lock"
  flock 9
fi
rm -rf "$tools_dir"/.stage.* "$tools_dir"/.build-*

to_build=()
for tool in "${tools[@]}"; do
  reuse_tool "$tool" || to_build+=("$tool")
done
install_built_in_parallel "${to_build[@]}"
install_schemas
printf 'toolchain ready in %ss\n' "$((SECONDS - started))"
