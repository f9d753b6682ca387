// The dockerd configuration the lab writes when the host needs the runc shim.

/** Name under which the shim is registered as a Docker runtime. */
export const SHIM_RUNTIME_NAME = 'lab-runc';

/**
 * Returns daemon.json with the shim registered as the default runtime, keeping every other
 * setting of an existing file. Throws when the file already names another default runtime,
 * because replacing an operator's choice silently would change every container on the host.
 */
export function withShimRuntime(
  existing: Record<string, unknown>,
  shimPath: string,
): Record<string, unknown> {
  const current = existing['default-runtime'];
  if (current !== undefined && current !== SHIM_RUNTIME_NAME && current !== 'runc') {
    throw new Error(
      `/etc/docker/daemon.json sets default-runtime "${String(current)}"; the lab needs "${SHIM_RUNTIME_NAME}" ` +
        'because this host lacks capabilities that privileged containers ask for. Remove the setting or use an engine ' +
        'whose host grants every capability.',
    );
  }
  const runtimes = { ...((existing.runtimes as Record<string, unknown> | undefined) ?? {}) };
  runtimes[SHIM_RUNTIME_NAME] = { path: shimPath };
  return { ...existing, runtimes, 'default-runtime': SHIM_RUNTIME_NAME };
}
