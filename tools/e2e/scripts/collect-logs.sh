#!/usr/bin/env bash
# Collects what explains a failed end-to-end run, next to the driver's own report: the kind node's logs, the
# controllers' logs, every Cluster API and CSO object, the CAPD containers and their logs, and what the workload
# clusters report about their nodes and pods. Never fails: a missing piece is noted and skipped.
#
# Usage: bash tools/e2e/scripts/collect-logs.sh --name <kind-cluster> --kubeconfig <file> --out <dir>
set -uo pipefail

name='cluster-stacks-e2e'
kubeconfig=''
out=''
while [[ $# -gt 0 ]]; do
  case $1 in
    --name) name=${2:?}; shift 2 ;;
    --kubeconfig) kubeconfig=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    *) echo "collect-logs.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -n $kubeconfig && -n $out ]] || { echo "collect-logs.sh: --kubeconfig and --out are required" >&2; exit 2; }
mkdir -p "$out/controllers" "$out/containers" "$out/workload"

k() { kubectl --kubeconfig "$kubeconfig" "$@"; }

kind export logs "$out/kind" --name "$name" >/dev/null 2>&1 || echo "kind export logs failed" >>"$out/errors.txt"

for deployment in capi-system/capi-controller-manager capi-kubeadm-bootstrap-system/capi-kubeadm-bootstrap-controller-manager \
  capi-kubeadm-control-plane-system/capi-kubeadm-control-plane-controller-manager capd-system/capd-controller-manager \
  cso-system/cso-controller-manager; do
  k -n "${deployment%%/*}" logs "deployment/${deployment#*/}" --all-containers --prefix >"$out/controllers/${deployment//\//_}.log" 2>&1
done

kinds=clusterstacks,clusterstackreleases,clusteraddons,clusterclasses,clusters,kubeadmcontrolplanes,machinedeployments,machinesets,machines,kubeadmconfigs,dockerclusters,dockermachines,extensionconfigs
k get "$kinds" -A -o yaml >"$out/objects.yaml" 2>&1
k get "$kinds" -A -o wide >"$out/objects.txt" 2>&1
k get events -A --sort-by=.lastTimestamp >"$out/events.txt" 2>&1

docker ps -a >"$out/containers/ps.txt" 2>&1
for container in $(docker ps -a --format '{{.Names}}'); do
  docker logs "$container" >"$out/containers/$container.log" 2>&1
done

# Each workload cluster through the kubeconfig Secret CAPI writes for it.
k get clusters -A -o jsonpath='{range .items[*]}{.metadata.namespace}{" "}{.metadata.name}{"\n"}{end}' 2>/dev/null |
  while read -r namespace cluster; do
    [[ -n $cluster ]] || continue
    config=$out/workload/$namespace-$cluster.kubeconfig
    if k -n "$namespace" get secret "$cluster-kubeconfig" -o jsonpath='{.data.value}' 2>/dev/null | base64 -d >"$config"; then
      kubectl --kubeconfig "$config" get nodes -o wide >"$out/workload/$namespace-$cluster-nodes.txt" 2>&1
      kubectl --kubeconfig "$config" describe nodes >>"$out/workload/$namespace-$cluster-nodes.txt" 2>&1
      kubectl --kubeconfig "$config" get pods -A -o wide >"$out/workload/$namespace-$cluster-pods.txt" 2>&1
      kubectl --kubeconfig "$config" get events -A --sort-by=.lastTimestamp >"$out/workload/$namespace-$cluster-events.txt" 2>&1
    fi
    # The kubeconfig holds credentials: it must not end up in an uploaded artifact.
    rm -f "$config"
  done
echo "logs collected in $out"
