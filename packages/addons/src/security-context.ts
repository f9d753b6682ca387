import { k8s } from 'cdk8s-plus-30';

/**
 * The container security context of the Pod Security Standards' restricted level: a non-root user, no
 * privilege escalation, no capabilities, the runtime's seccomp profile and a read-only root file system.
 */
export function restrictedSecurityContext(runAsUser: number): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
