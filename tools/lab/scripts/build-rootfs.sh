#!/usr/bin/env bash
# Bootstraps the Debian root file system of the lab's node and base images and writes it as
# a tar archive. The mirror is the one apt on this machine uses (first deb URI of the first
# source), so the lab reaches no other host.
#
# Usage: build-rootfs.sh SUITE OUT_TAR PACKAGE[,PACKAGE...]
set -euo pipefail

suite=$1 out=$2 packages=$3
mirror=${LAB_DEBIAN_MIRROR:-}
if [[ -z $mirror ]]; then
  mirror=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n 1 || true)
fi
if [[ -z $mirror ]]; then
  mirror=$(sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\).*/\2/p' /etc/apt/sources.list 2>/dev/null | grep -v security | head -n 1 || true)
fi
[[ -n $mirror ]] || { echo "build-rootfs.sh: no Debian mirror found in apt's sources; set LAB_DEBIAN_MIRROR" >&2; exit 1; }
command -v debootstrap >/dev/null || {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
}

work=$(mktemp -d "$(dirname "$out")/.rootfs-XXXXXX")
trap 'rm -rf "$work"' EXIT
debootstrap --variant=minbase --include="$packages" "$suite" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 20 "$work/debootstrap.log" >&2
  exit 1
}
# Smaller, and nothing that refers to the build host.
rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/var/log/"*
: >"$work/rootfs/etc/machine-id"
printf 'nameserver 127.0.0.1\n' >"$work/rootfs/etc/resolv.conf"
tar --numeric-owner --xattrs -C "$work/rootfs" -cf "$work/rootfs.tar" .
mv -f "$work/rootfs.tar" "$out"
