#!/usr/bin/env bash
# Creates the management cluster of the end-to-end tests on this machine's Docker engine:
#   1. a one-node kind cluster that mounts the Docker socket (for CAPD) and the releases directory;
#   2. Cluster API core, kubeadm bootstrap and control plane and the Docker provider (CAPD) of the Cluster API
#      line the air-gapped lab runs (LAB_CAPI_VERSION), installed by clusterctl of that release with the
#      features CSO needs (ClusterClass topology, ClusterResourceSet, Runtime SDK);
#   3. the SCS Cluster Stack Operator (CSO) in local mode, serving every release in the releases directory.
# The e2e driver (tools/e2e/src/main.ts) then waits for the controllers before it creates anything.
#
# Usage: bash tools/e2e/scripts/management-cluster.sh --releases <dir> [--name <kind-cluster>] [--kubeconfig <file>]
# Needs docker, kind, kubectl and curl on PATH; downloads clusterctl of LAB_CAPI_VERSION (GitHub runners).
set -euo pipefail

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
repo_root=$(cd -- "$script_dir/../../.." && pwd -P)

# LAB_CAPI_VERSION: the Cluster API release whose providers are installed, the same line the air-gapped lab
# builds and runs. Cluster API v1.10 manages workload clusters only up to Kubernetes 1.33; v1.14 covers 1.33 to
# 1.36 and still serves v1beta1, which CSO v0.2 (Cluster API v1.8 libraries) reads and writes. The toolchain's
# CLUSTERCTL_VERSION (v1.10.10) stays for `clusterctl alpha topology plan`, which later releases removed.
# shellcheck source=../../toolchain/pins.env
source "$repo_root/tools/toolchain/pins.env"

# The release of CSO whose cso-infrastructure-components.yaml is installed; the same as its CRDs in
# tools/import-crds/src/sources.ts (Renovate moves both in one pull request).
# renovate: datasource=github-releases depName=SovereignCloudStack/cluster-stack-operator
CSO_VERSION=v0.2.0-alpha.1
# The management cluster's own Kubernetes: Cluster API v1.10 supports management clusters up to 1.33.
# kindest/node v1.33.7 of kind v0.31.0, pinned by digest.
MANAGEMENT_NODE_IMAGE=kindest/node:v1.33.7@sha256:d26ef333bdb2cbe9862a0f7c3803ecc7b4303d8cea8e814b481b09949d353040

name='cluster-stacks-e2e'
releases=''
kubeconfig=''
while [[ $# -gt 0 ]]; do
  case $1 in
    --releases) releases=${2:?--releases needs a directory}; shift 2 ;;
    --name) name=${2:?--name needs a value}; shift 2 ;;
    --kubeconfig) kubeconfig=${2:?--kubeconfig needs a file}; shift 2 ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "management-cluster.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -n $releases && -d $releases ]] || { echo "management-cluster.sh: --releases must name an existing directory" >&2; exit 2; }
releases=$(cd -- "$releases" && pwd -P)
kubeconfig=${kubeconfig:-$repo_root/dist/e2e/$name.kubeconfig}
mkdir -p "$(dirname -- "$kubeconfig")"

for tool in docker kind kubectl curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "management-cluster.sh: $tool is not on PATH" >&2; exit 2; }
done

section() {
  if [[ ${GITHUB_ACTIONS:-} == true ]]; then echo "::endgroup::"; echo "::group::$*"; else echo "== $*"; fi
}

work=$(mktemp -d)
trap 'rm -rf "$work"; [[ ${GITHUB_ACTIONS:-} == true ]] && echo "::endgroup::"' EXIT
[[ ${GITHUB_ACTIONS:-} == true ]] && echo "::group::releases served by CSO"
ls -1 "$releases"

section "kind cluster $name ($MANAGEMENT_NODE_IMAGE)"
(cd "$repo_root" && npx --no-install tsx tools/e2e/src/setup-main.ts kind-config --node-image "$MANAGEMENT_NODE_IMAGE" --releases "$releases") >"$work/kind.yaml"
cat "$work/kind.yaml"
kind create cluster --name "$name" --config "$work/kind.yaml" --kubeconfig "$kubeconfig" --wait 5m

section "Cluster API $LAB_CAPI_VERSION (core, kubeadm, docker)"
export CLUSTERCTL_DISABLE_VERSIONCHECK=true
clusterctl=$work/clusterctl
clusterctl_url=https://github.com/kubernetes-sigs/cluster-api/releases/download/$LAB_CAPI_VERSION/clusterctl-linux-amd64
curl -fsSL --retry 3 -o "$clusterctl" "$clusterctl_url"
chmod +x "$clusterctl"
echo "$clusterctl_url sha256 $(sha256sum "$clusterctl" | cut -d' ' -f1)"
CLUSTER_TOPOLOGY=true EXP_CLUSTER_RESOURCE_SET=true EXP_RUNTIME_SDK=true \
  "$clusterctl" init --kubeconfig "$kubeconfig" \
  --core "cluster-api:$LAB_CAPI_VERSION" \
  --bootstrap "kubeadm:$LAB_CAPI_VERSION" \
  --control-plane "kubeadm:$LAB_CAPI_VERSION" \
  --infrastructure "docker:$LAB_CAPI_VERSION" \
  --wait-providers --wait-provider-timeout 600

section "CSO $CSO_VERSION in local mode"
url=https://github.com/SovereignCloudStack/cluster-stack-operator/releases/download/$CSO_VERSION/cso-infrastructure-components.yaml
curl -fsSL --retry 3 -o "$work/cso-infrastructure-components.yaml" "$url"
echo "$url sha256 $(sha256sum "$work/cso-infrastructure-components.yaml" | cut -d' ' -f1)"
(cd "$repo_root" && npx --no-install tsx tools/e2e/src/setup-main.ts cso-manifests --from "$work/cso-infrastructure-components.yaml") >"$work/cso.yaml"
kubectl --kubeconfig "$kubeconfig" apply --server-side -f "$work/cso.yaml"

section "management cluster ready"
echo "kubeconfig: $kubeconfig"
