import { ClusterAddon, invalidProp, KUBELET_SERVING_APPROVAL } from '@cluster-stacks/core';
import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { restrictedSecurityContext } from './security-context';
import { imageExpectation, isCidr, parsePinnedImage } from './validation';

/**
 * kubelet-csr-approver v1.2.14 (postfinance), pinned by digest. It approves the serving-certificate
 * requests of kubelets that run with `rotate-server-certificates` (the hardening profile), after checking
 * that the requester is the node itself and that its names and addresses are allowed.
 */
export const KUBELET_CSR_APPROVER_IMAGE =
  'ghcr.io/postfinance/kubelet-csr-approver:v1.2.14@sha256:c0f6aa1abdc225a32f9a29992fd97f711e78e2df21434f9ce7bc60981f96a5f8';

const NAME = 'kubelet-csr-approver';
const NAMESPACE = 'kube-system';
const LABELS = { 'app.kubernetes.io/name': NAME };

/** Props of {@link KubeletServingCertApprover}. */
export interface KubeletServingCertApproverProps {
  /** Stage name of the addon. @default "kubelet-csr-approver" */
  readonly name?: string;
  /** Container image pinned by tag or digest. @default KUBELET_CSR_APPROVER_IMAGE */
  readonly image?: string;
  /** Regular expression node names (the DNS names in a request) must match. @default "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$" */
  readonly nodeNameRegex?: string;
  /** Networks the IP addresses in a request must belong to; narrow them to the node network where it is known. @default ["0.0.0.0/0", "::/0"] */
  readonly nodeIpPrefixes?: readonly string[];
  /** Node names are not in DNS on this infrastructure (CAPD, most clouds' private networks). @default true */
  readonly bypassDnsResolution?: boolean;
}

/**
 * Approves kubelet serving certificates (`kubernetes.io/kubelet-serving` CSRs), which the controller manager
 * never does by itself. Without it, kubelets that rotate their serving certificate cannot serve logs, exec
 * or metrics.
 */
export class KubeletServingCertApprover extends ClusterAddon {
  public constructor(scope: Construct, id: string, props: KubeletServingCertApproverProps = {}) {
    const image = props.image ?? KUBELET_CSR_APPROVER_IMAGE;
    super(scope, id, {
      name: props.name ?? NAME,
      description: 'Approves kubelet serving certificate requests that pass the node name and address checks',
      version: parsePinnedImage(image)?.tag ?? 'v1.2.14',
      capabilities: [KUBELET_SERVING_APPROVAL],
    });
    const where = this.node.path;
    if (parsePinnedImage(image) === undefined)
      throw invalidProp(where, 'image', image, imageExpectation(KUBELET_CSR_APPROVER_IMAGE));
    const regex = props.nodeNameRegex ?? '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$';
    try {
      new RegExp(regex);
    } catch {
      throw invalidProp(where, 'nodeNameRegex', regex, 'a valid regular expression');
    }
    const prefixes = props.nodeIpPrefixes ?? ['0.0.0.0/0', '::/0'];
    for (const prefix of prefixes) {
      if (!isCidr(prefix))
        throw invalidProp(where, 'nodeIpPrefixes', prefix, 'an IPv4 or IPv6 CIDR such as "10.8.0.0/20"');
    }
    const chart = this.manifests;
    const serviceAccount = { kind: 'ServiceAccount', name: NAME, namespace: NAMESPACE };
    new k8s.KubeServiceAccount(chart, 'ServiceAccount', {
      metadata: { name: NAME, namespace: NAMESPACE, labels: LABELS },
    });
    new k8s.KubeClusterRole(chart, 'ClusterRole', {
      metadata: { name: NAME, labels: LABELS },
      rules: [
        {
          apiGroups: ['certificates.k8s.io'],
          resources: ['certificatesigningrequests'],
          verbs: ['get', 'list', 'watch'],
        },
        {
          apiGroups: ['certificates.k8s.io'],
          resources: ['certificatesigningrequests/approval'],
          verbs: ['update'],
        },
        // Only the kubelet-serving signer: this controller can approve nothing else.
        {
          apiGroups: ['certificates.k8s.io'],
          resources: ['signers'],
          resourceNames: ['kubernetes.io/kubelet-serving'],
          verbs: ['approve'],
        },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'get', 'update'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(chart, 'ClusterRoleBinding', {
      metadata: { name: NAME, labels: LABELS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME },
      subjects: [serviceAccount],
    });
    new k8s.KubeDeployment(chart, 'Deployment', {
      metadata: { name: NAME, namespace: NAMESPACE, labels: LABELS },
      spec: {
        replicas: 1,
        selector: { matchLabels: LABELS },
        template: {
          metadata: { labels: LABELS },
          spec: {
            serviceAccountName: NAME,
            priorityClassName: 'system-cluster-critical',
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            // May run on the control plane, which exists before any worker can serve.
            tolerations: [
              { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
            ],
            containers: [
              {
                name: NAME,
                image,
                imagePullPolicy: 'IfNotPresent',
                env: [
                  { name: 'PROVIDER_REGEX', value: regex },
                  { name: 'PROVIDER_IP_PREFIXES', value: prefixes.join(',') },
                  { name: 'BYPASS_DNS_RESOLUTION', value: String(props.bypassDnsResolution ?? true) },
                ],
                resources: {
                  requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('32Mi') },
                  limits: { memory: k8s.Quantity.fromString('128Mi') },
                },
                securityContext: restrictedSecurityContext(65532),
              },
            ],
          },
        },
      },
    });
  }
}
