// Which Linux capabilities a privileged container would be granted but the host cannot give.
//
// Docker's --privileged asks runc for every capability runc knows. When the caller's bounding
// set lacks one of them (CAP_SYS_RESOURCE on some VMs), runc fails with "unable to apply caps:
// operation not permitted" and kind and CAPD cannot start a node. The engine setup registers
// the runc shim only when this list is not empty.

/** Capability names by number, as in include/uapi/linux/capability.h (0 to 40, what runc grants). */
export const CAPABILITY_NAMES: readonly string[] = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
];

/** Reads the CapBnd mask from the text of /proc/<pid>/status. */
export function parseBoundingSet(statusText: string): bigint {
  const match = /^CapBnd:\s*([0-9a-fA-F]+)\s*$/m.exec(statusText);
  if (match === null) {
    throw new Error('/proc/self/status has no CapBnd line: cannot tell which capabilities this host grants');
  }
  return BigInt(`0x${match[1]}`);
}

/** The capabilities runc grants a privileged container that the bounding set lacks, in number order. */
export function missingCapabilities(bounding: bigint): string[] {
  return CAPABILITY_NAMES.filter((_, bit) => (bounding & (1n << BigInt(bit))) === 0n);
}
