// Files of the lab's node image that the lab writes itself (the rest come from kind's module).

/** containerd's configuration: CRI with systemd cgroups, the pinned sandbox image, and runc through the shim. */
export function containerdConfig(pauseRef: string): string {
  return `# Written by the cluster-stacks lab for its node images.
version = 2

[plugins."io.containerd.grpc.v1.cri"]
  # The sandbox image is preloaded; it is never pulled.
  sandbox_image = "${pauseRef}"
  tolerate_missing_hugepages_controller = true
  # A node is a container: the kernel refuses to lower a child's oom_score_adj below the node's.
  restrict_oom_score_adj = true

[plugins."io.containerd.grpc.v1.cri".containerd]
  snapshotter = "overlayfs"
  default_runtime_name = "runc"

[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"
  base_runtime_spec = "/etc/containerd/cri-base.json"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
    SystemdCgroup = true
    # Drops capabilities the host's bounding set lacks (privileged pods), then runs /usr/local/sbin/runc.
    BinaryName = "/usr/local/bin/lab-runc"

[plugins."io.containerd.grpc.v1.cri".registry]
  config_path = "/etc/containerd/certs.d"
`;
}

/**
 * kubelet drop-in: a configuration drop-in folder, and on hosts that run cgroup v1 a fragment
 * that lets kubelet 1.35+ start there (it refuses cgroup v1 unless failCgroupV1 is false). On
 * cgroup v2 the fragment is removed, so the node runs as configured.
 */
export const KUBELET_LAB_DROPIN = `# Written by the cluster-stacks lab for its node images.
[Service]
ExecStartPre=/bin/sh -euc "mkdir -p /etc/kubernetes/kubelet.conf.d; if [ -f /sys/fs/cgroup/cgroup.controllers ]; then rm -f /etc/kubernetes/kubelet.conf.d/10-lab-cgroup-v1.conf; else printf 'apiVersion: kubelet.config.k8s.io/v1beta1\\\\nkind: KubeletConfiguration\\\\nfailCgroupV1: false\\\\n' > /etc/kubernetes/kubelet.conf.d/10-lab-cgroup-v1.conf; fi"
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS --config-dir=/etc/kubernetes/kubelet.conf.d
`;

/** The image's setup, run once at build: enable units, mask what a node container must not run, make the runtime spec. */
export const NODE_SETUP_SCRIPT = `set -eu
mkdir -p /etc/systemd/system/multi-user.target.wants /etc/kubernetes/manifests /etc/kubernetes/kubelet.conf.d /etc/containerd/certs.d /opt/cni/bin /var/lib/kubelet
for unit in kubelet containerd undo-mount-hacks; do
  ln -sf /etc/systemd/system/$unit.service /etc/systemd/system/multi-user.target.wants/$unit.service
done
rm -f /etc/systemd/system/multi-user.target.wants/haproxy.service /lib/systemd/system/multi-user.target.wants/* \\
  /lib/systemd/system/local-fs.target.wants/* /lib/systemd/system/sockets.target.wants/*udev* \\
  /lib/systemd/system/sockets.target.wants/*initctl* /lib/systemd/system/basic.target.wants/*
find /lib/systemd/system/sysinit.target.wants/ -name systemd-tmpfiles-setup.service -delete
ln -sf /dev/null /etc/systemd/system/systemd-binfmt.service
ln -sf /dev/null /etc/systemd/system/haproxy.service
echo ReadKMsg=no >> /etc/systemd/journald.conf
ln -sf /usr/lib/systemd/systemd /sbin/init
# The runtime spec every container starts from: product files mounted by kind's hook, no rlimits.
ctr oci spec | jq '.hooks.createContainer += [{"path": "/kind/bin/mount-product-files.sh"}] | del(.process.rlimits)' > /etc/containerd/cri-base.json
chmod 0755 /usr/local/bin/* /usr/local/sbin/* /usr/bin/kubeadm /usr/bin/kubelet /usr/bin/kubectl /opt/cni/bin/* /kind/bin/*
`;
