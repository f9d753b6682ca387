import { ClusterAddon, invalidProp } from '@cluster-stacks/core';
import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { restrictedSecurityContext } from './security-context';
import { ContainerResources, toResourceRequirements, validateResources } from './resources';
import { imageExpectation, parsePinnedImage } from './validation';

/**
 * The metrics-server release this addon ships: v0.8.1 (2026-01-29, Go 1.24.12 and Kubernetes libraries
 * v0.33.7), the newest v0.8 patch; its release kustomization sets the image
 * `registry.k8s.io/metrics-server/metrics-server:v0.8.1`. Objects, flags and RBAC rules follow the
 * `manifests/base` of the upstream v0.8.1 tag.
 */
export const METRICS_SERVER_VERSION = 'v0.8.1';

/** The upstream metrics-server image of {@link METRICS_SERVER_VERSION}. */
export const METRICS_SERVER_IMAGE = `registry.k8s.io/metrics-server/metrics-server:${METRICS_SERVER_VERSION}`;

/** Resources of the metrics-server container when `resources` is not given (the upstream requests). */
export const METRICS_SERVER_DEFAULT_RESOURCES: ContainerResources = {
  requests: { cpu: '100m', memory: '200Mi' },
};

const NAME = 'metrics-server';
const NAMESPACE = 'kube-system';
const LABELS = { 'k8s-app': NAME };
/** The port metrics-server serves on; 10250 is also the kubelet port, which host firewalls usually open. */
const SECURE_PORT = 10250;
/** How often metrics-server scrapes the kubelets. */
const METRIC_RESOLUTION = '15s';

/** Props of {@link MetricsServer}. */
export interface MetricsServerProps {
  /** Stage name of the addon (its chart directory in the addon archive). @default "metrics-server" */
  readonly name?: string;
  /** Container image, registry and repository pinned by tag or digest. @default METRICS_SERVER_IMAGE */
  readonly image?: string;
  /** Number of metrics-server pods. @default 1 */
  readonly replicas?: number;
  /**
   * Skip verifying the kubelets' serving certificates (`--kubelet-insecure-tls`). Needed when kubelets
   * serve self-signed certificates, as the kubelets of CAPD (Docker) clusters do.
   * @default true
   */
  readonly kubeletInsecureTls?: boolean;
  /** Resource requests and limits of the metrics-server container. @default METRICS_SERVER_DEFAULT_RESOURCES */
  readonly resources?: ContainerResources;
}

/**
 * metrics-server: the resource metrics API (`metrics.k8s.io`) behind `kubectl top` and the
 * HorizontalPodAutoscaler, as one addon stage with every object it needs.
 */
export class MetricsServer extends ClusterAddon {
  /** The image the Deployment runs. */
  public readonly image: string;
  /** The number of pods. */
  public readonly replicas: number;

  public constructor(scope: Construct, id: string, props: MetricsServerProps = {}) {
    const image = props.image ?? METRICS_SERVER_IMAGE;
    super(scope, id, {
      name: props.name ?? NAME,
      description:
        'metrics-server: the resource metrics API (metrics.k8s.io) for kubectl top and autoscaling',
      version: parsePinnedImage(image)?.tag ?? METRICS_SERVER_VERSION,
    });
    const where = this.node.path;
    if (parsePinnedImage(image) === undefined) {
      throw invalidProp(where, 'image', image, imageExpectation(METRICS_SERVER_IMAGE));
    }
    const replicas = props.replicas ?? 1;
    if (!Number.isInteger(replicas) || replicas < 1) {
      throw invalidProp(where, 'replicas', replicas, 'an integer ≥ 1');
    }
    const resources = props.resources ?? METRICS_SERVER_DEFAULT_RESOURCES;
    validateResources(where, 'resources', resources);
    this.image = image;
    this.replicas = replicas;

    this.addRbac();
    this.addWorkload(resources, props.kubeletInsecureTls ?? true);
  }

  private addRbac(): void {
    const chart = this.manifests;
    const serviceAccount = { kind: 'ServiceAccount', name: NAME, namespace: NAMESPACE };

    new k8s.KubeServiceAccount(chart, 'ServiceAccount', {
      metadata: { name: NAME, namespace: NAMESPACE, labels: LABELS },
    });

    // Lets the built-in view/edit/admin roles read the metrics API.
    new k8s.KubeClusterRole(chart, 'AggregatedMetricsReader', {
      metadata: {
        name: 'system:aggregated-metrics-reader',
        labels: {
          ...LABELS,
          'rbac.authorization.k8s.io/aggregate-to-view': 'true',
          'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
          'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
        },
      },
      rules: [
        { apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] },
      ],
    });

    // What metrics-server itself reads: the kubelets' metrics endpoints and the pods and nodes to scrape.
    new k8s.KubeClusterRole(chart, 'ClusterRole', {
      metadata: { name: 'system:metrics-server', labels: LABELS },
      rules: [
        { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
        { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] },
      ],
    });

    // An aggregated API server reads the front proxy's client CA from kube-system/extension-apiserver-authentication.
    new k8s.KubeRoleBinding(chart, 'AuthReader', {
      metadata: { name: 'metrics-server-auth-reader', namespace: NAMESPACE, labels: LABELS },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: 'extension-apiserver-authentication-reader',
      },
      subjects: [serviceAccount],
    });

    // Delegated authentication and authorization (TokenReview, SubjectAccessReview).
    new k8s.KubeClusterRoleBinding(chart, 'AuthDelegator', {
      metadata: { name: 'metrics-server:system:auth-delegator', labels: LABELS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' },
      subjects: [serviceAccount],
    });

    new k8s.KubeClusterRoleBinding(chart, 'ClusterRoleBinding', {
      metadata: { name: 'system:metrics-server', labels: LABELS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:metrics-server' },
      subjects: [serviceAccount],
    });
  }

  private addWorkload(resources: ContainerResources, kubeletInsecureTls: boolean): void {
    const chart = this.manifests;
    const https = k8s.IntOrString.fromString('https');

    new k8s.KubeService(chart, 'Service', {
      metadata: { name: NAME, namespace: NAMESPACE, labels: LABELS },
      spec: {
        selector: LABELS,
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: https, appProtocol: 'https' }],
      },
    });

    const args = [
      // The serving certificate is self-signed and written to the writable emptyDir.
      '--cert-dir=/tmp',
      `--secure-port=${SECURE_PORT}`,
      '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
      '--kubelet-use-node-status-port',
      `--metric-resolution=${METRIC_RESOLUTION}`,
      ...(kubeletInsecureTls ? ['--kubelet-insecure-tls'] : []),
    ];

    new k8s.KubeDeployment(chart, 'Deployment', {
      metadata: { name: NAME, namespace: NAMESPACE, labels: LABELS },
      spec: {
        replicas: this.replicas,
        selector: { matchLabels: LABELS },
        // Never go below the wanted replicas while rolling: the metrics API would be unavailable.
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0) } },
        template: {
          metadata: { labels: LABELS },
          spec: {
            serviceAccountName: NAME,
            priorityClassName: 'system-cluster-critical',
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            containers: [
              {
                name: NAME,
                image: this.image,
                imagePullPolicy: 'IfNotPresent',
                args,
                ports: [{ name: 'https', containerPort: SECURE_PORT, protocol: 'TCP' }],
                readinessProbe: {
                  httpGet: { path: '/readyz', port: https, scheme: 'HTTPS' },
                  initialDelaySeconds: 20,
                  periodSeconds: 10,
                  failureThreshold: 3,
                },
                livenessProbe: {
                  httpGet: { path: '/livez', port: https, scheme: 'HTTPS' },
                  periodSeconds: 10,
                  failureThreshold: 3,
                },
                resources: toResourceRequirements(resources),
                securityContext: restrictedSecurityContext(1000),
                volumeMounts: [{ name: 'tmp-dir', mountPath: '/tmp' }],
              },
            ],
            volumes: [{ name: 'tmp-dir', emptyDir: {} }],
          },
        },
      },
    });

    new k8s.KubeApiService(chart, 'ApiService', {
      metadata: { name: 'v1beta1.metrics.k8s.io', labels: LABELS },
      spec: {
        group: 'metrics.k8s.io',
        version: 'v1beta1',
        service: { name: NAME, namespace: NAMESPACE },
        // metrics-server serves a self-signed certificate generated at start-up.
        insecureSkipTlsVerify: true,
        groupPriorityMinimum: 100,
        versionPriority: 100,
      },
    });
  }
}
