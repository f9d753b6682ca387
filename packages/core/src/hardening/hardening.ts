import { Construct } from 'constructs';
import { ClusterStack } from '../cluster-stack';
import { ClusterClass } from '../cluster-class/cluster-class';
import { Expr, fn, template, TemplateText, vars } from '../cluster-class/expressions';
import {
  KubeadmConfigSpec,
  KubeadmConfigTemplate,
  KubeadmControlPlaneTemplate,
} from '../cluster-class/kubeadm';
import {
  fileEntryTemplate,
  KUBEADM_PATCHES_DIR,
  kubeletConfigurationSpec,
} from '../cluster-class/kubelet-configuration';
import { PatchOperation, PatchTarget } from '../cluster-class/patch';
import { EvictionThresholds, evictionThresholds } from './eviction';
import { hardeningVariables } from './imports/variables';
import { HARDENING_SETTINGS, HardeningSetting } from './reference';
import * as s from './settings';
import { HardeningVariables } from './variables';

const v = vars<HardeningVariables>();

/** The capability of an addon that approves kubelet serving certificate requests. */
export const KUBELET_SERVING_APPROVAL = 'kubelet-serving-certificate-approval';

/** Worker bootstrap templates and the classes that use them. */
export interface HardenedWorkers {
  /** The worker bootstrap template. */
  readonly template: KubeadmConfigTemplate;
  /** Machine deployment classes that use it. */
  readonly classes: readonly string[];
}

/** JWT authenticators a stack's variables add to the API server's structured authentication configuration. */
export interface JwtAuthenticators {
  /** True when the items render at least one authenticator: only then is the `jwt:` key written. */
  readonly enabledIf: Expr<boolean>;
  /**
   * Go template of items of the `jwt:` list, each starting a new line with `  - ` (the list at column 0); it
   * renders nothing when enabledIf is false.
   */
  readonly items: TemplateText;
}

/** Props of {@link Hardening}. */
export interface HardeningProps {
  /** The ClusterClass that gets the hardening variables and patches. */
  readonly clusterClass: ClusterClass;
  /** The control-plane template to harden. */
  readonly controlPlane: KubeadmControlPlaneTemplate;
  /** The worker bootstrap templates to harden. */
  readonly workers: readonly HardenedWorkers[];
  /**
   * Kubelets refuse to start when kernel settings differ from their defaults. Needs a node image that sets
   * them; container-based nodes (CAPD) share the host's kernel and cannot. @default true
   */
  readonly protectKernelDefaults?: boolean;
  /**
   * Hard eviction thresholds that differ from the profile's. Disk and PID signals may be relaxed; memory
   * eviction must stay at the kubelet's default of 100Mi or stricter.
   * @default - DEFAULT_EVICTION_HARD (the kubelet's defaults, and 10% for PIDs)
   */
  readonly evictionHard?: Partial<EvictionThresholds>;
  /**
   * JWT authenticators of the API server from the stack's variables, in this order in the `jwt:` list of the
   * structured authentication configuration. The API server refuses `--oidc-*` flags next to that
   * configuration, so OpenID Connect belongs here (e.g. the ClusterFeatures' oidcAuthentication).
   * @default - none
   */
  readonly jwtAuthenticators?: readonly JwtAuthenticators[];
}

/** The kubelet settings of the profile, as KubeletConfiguration fields. */
export function hardenedKubeletSettings(
  protectKernelDefaults: boolean,
  evictionHard: EvictionThresholds,
): Record<string, unknown> {
  return {
    authentication: { anonymous: { enabled: false }, webhook: { enabled: true } },
    authorization: { mode: 'Webhook' },
    readOnlyPort: 0,
    rotateCertificates: true,
    serverTLSBootstrap: true,
    streamingConnectionIdleTimeout: '5m0s',
    eventRecordQPS: 50,
    eventBurst: 100,
    tlsMinVersion: s.TLS_MIN_VERSION,
    tlsCipherSuites: s.TLS_CIPHER_SUITES.split(','),
    evictionHard: { ...evictionHard },
    ...(protectKernelDefaults ? { protectKernelDefaults: true } : {}),
  };
}

/** The name of the profile's KubeletConfiguration patch: applied first, so stacks and variables can add to it. */
export const HARDENING_KUBELET_PATCH = '10-hardening';

/** The control-plane part of the profile, layered over the stack's own spec. */
export function hardenedControlPlaneSpec(kubelet: Readonly<Record<string, unknown>>): KubeadmConfigSpec {
  const tls = { 'tls-min-version': s.TLS_MIN_VERSION, 'tls-cipher-suites': s.TLS_CIPHER_SUITES };
  const kubeletConfiguration = kubeletConfigurationSpec(HARDENING_KUBELET_PATCH, kubelet, 'controlPlane');
  return {
    clusterConfiguration: {
      apiServer: {
        extraArgs: {
          ...tls,
          profiling: 'false',
          'enable-admission-plugins': 'NodeRestriction',
          'admission-control-config-file': s.ADMISSION_CONFIG_PATH,
          'audit-policy-file': s.AUDIT_POLICY_PATH,
          'audit-log-path': s.AUDIT_LOG_PATH,
          'audit-log-maxage': '30',
          'audit-log-maxbackup': '10',
          'audit-log-maxsize': '100',
          'authentication-config': s.AUTHENTICATION_CONFIG_PATH,
          'encryption-provider-config': s.ENCRYPTION_CONFIG_PATH,
        },
        extraVolumes: [
          {
            name: 'audit-policy',
            hostPath: s.AUDIT_POLICY_PATH,
            mountPath: s.AUDIT_POLICY_PATH,
            readOnly: true,
            pathType: 'File',
          },
          {
            name: 'audit-logs',
            hostPath: s.AUDIT_LOG_DIR,
            mountPath: s.AUDIT_LOG_DIR,
            pathType: 'DirectoryOrCreate',
          },
          {
            name: 'admission-config',
            hostPath: s.ADMISSION_CONFIG_PATH,
            mountPath: s.ADMISSION_CONFIG_PATH,
            readOnly: true,
            pathType: 'File',
          },
          {
            name: 'authentication-config',
            hostPath: s.AUTHENTICATION_CONFIG_PATH,
            mountPath: s.AUTHENTICATION_CONFIG_PATH,
            readOnly: true,
            pathType: 'File',
          },
          {
            name: 'encryption-config',
            hostPath: s.ENCRYPTION_CONFIG_PATH,
            mountPath: s.ENCRYPTION_CONFIG_PATH,
            readOnly: true,
            pathType: 'File',
          },
        ],
      },
      controllerManager: {
        extraArgs: {
          ...tls,
          profiling: 'false',
          'bind-address': '127.0.0.1',
          'use-service-account-credentials': 'true',
          'terminated-pod-gc-threshold': '1000',
        },
      },
      scheduler: { extraArgs: { ...tls, profiling: 'false', 'bind-address': '127.0.0.1' } },
      etcd: {
        local: {
          extraArgs: { 'cipher-suites': s.TLS_CIPHER_SUITES, 'listen-metrics-urls': 'http://127.0.0.1:2381' },
        },
      },
    },
    initConfiguration: kubeletConfiguration.initConfiguration,
    joinConfiguration: kubeletConfiguration.joinConfiguration,
    files: [
      ...(kubeletConfiguration.files ?? []),
      { path: s.AUDIT_POLICY_PATH, owner: 'root:root', permissions: '0600', content: s.AUDIT_POLICY },
      {
        path: s.ENCRYPTION_SETUP_SCRIPT,
        owner: 'root:root',
        permissions: '0700',
        content: s.ENCRYPTION_SETUP,
      },
      {
        path: s.ENCRYPTION_SHARE_SCRIPT,
        owner: 'root:root',
        permissions: '0700',
        content: s.ENCRYPTION_SHARE,
      },
    ],
    preKubeadmCommands: [`sh ${s.ENCRYPTION_SETUP_SCRIPT}`],
    postKubeadmCommands: [`sh ${s.ENCRYPTION_SHARE_SCRIPT}`],
  };
}

/** The worker part of the profile. */
export function hardenedWorkerSpec(kubelet: Readonly<Record<string, unknown>>): KubeadmConfigSpec {
  return kubeletConfigurationSpec(HARDENING_KUBELET_PATCH, kubelet, 'worker');
}

/** The AdmissionConfiguration file entry, its levels from the podSecurityStandard variable. */
function admissionConfigFile(): TemplateText {
  const pss = v.ref('podSecurityStandard');
  const level = (mode: 'enforce' | 'audit' | 'warn') =>
    fn.ternary(pss.field(mode), 'privileged', pss.field('enabled'));
  const content = template`apiVersion: apiserver.config.k8s.io/v1
kind: AdmissionConfiguration
plugins:
  - name: PodSecurity
    configuration:
      apiVersion: pod-security.admission.config.k8s.io/v1
      kind: PodSecurityConfiguration
      defaults:
        enforce: ${level('enforce')}
        enforce-version: latest
        audit: ${level('audit')}
        audit-version: latest
        warn: ${level('warn')}
        warn-version: latest
      exemptions:
        usernames: []
        runtimeClasses: []
        namespaces: [kube-system]
`;
  return fileEntryTemplate(
    { path: s.ADMISSION_CONFIG_PATH, owner: 'root:root', permissions: '0644' },
    content,
  );
}

/**
 * The authentication configuration: the anonymous rules, then the `jwt:` list when an authenticator renders.
 * `{{-` trims the newline before each action and the last line break is written once at the end, so with no
 * authenticator set the file is the anonymous rules exactly as without any.
 */
function authenticationConfigContent(
  kubernetesMinor: number,
  parts: readonly JwtAuthenticators[],
): TemplateText {
  const anonymous = s.authenticationConfiguration(kubernetesMinor);
  if (parts.length === 0) return new TemplateText(anonymous, []);
  const any = parts.length === 1 ? parts[0].enabledIf : fn.or(...parts.map((p) => p.enabledIf));
  const text = `${anonymous}{{- if ${any.renderPipeline()} }}\njwt:{{- end }}${parts.map((p) => p.items.text).join('')}\n`;
  return new TemplateText(text, [...any.references(), ...parts.flatMap((p) => p.items.refs)]);
}

/**
 * The authentication configuration file entry: anonymous requests only to the health endpoints and
 * cluster-info, and the stack's JWT authenticators.
 */
function authenticationConfigFile(
  kubernetesMinor: number,
  parts: readonly JwtAuthenticators[],
): TemplateText {
  return fileEntryTemplate(
    { path: s.AUTHENTICATION_CONFIG_PATH, owner: 'root:root', permissions: '0600' },
    authenticationConfigContent(kubernetesMinor, parts),
  );
}

/**
 * The hardening profile every stack applies: audit logging, encryption of Secrets at rest, Pod Security
 * admission, no profiling, TLS 1.2+ with strong ciphers, locked-down kubelets, metrics on localhost. Settings
 * a cluster may need to change are ClusterClass variables (see {@link HardeningVariables}). The reason for
 * each setting is listed in {@link HARDENING_SETTINGS}.
 */
export class Hardening extends Construct {
  /** Benchmark controls this stack cannot meet by design, with the reason (control id → reason). */
  public readonly exemptions: Readonly<Record<string, string>>;
  /** The hard eviction thresholds every kubelet of the stack runs with. */
  public readonly evictionHard: EvictionThresholds;
  /** The settings of the profile that this stack has (see {@link HARDENING_SETTINGS}). */
  public readonly settings: readonly HardeningSetting[];
  /** The JWT authenticators the authentication configuration lists. */
  public readonly jwtAuthenticators: readonly JwtAuthenticators[];

  public constructor(scope: Construct, id: string, props: HardeningProps) {
    super(scope, id);
    const stack = ClusterStack.of(this);
    const protect = props.protectKernelDefaults ?? true;
    this.jwtAuthenticators = props.jwtAuthenticators ?? [];
    this.evictionHard = evictionThresholds(`${this.node.path}: Hardening`, props.evictionHard);
    this.exemptions = protect
      ? {}
      : {
          '4.2.6':
            'protect-kernel-defaults is off: the nodes cannot set the kernel parameters the kubelet requires (e.g. containers sharing the host kernel)',
        };
    this.settings = HARDENING_SETTINGS.filter((x) => !x.providers || x.providers.includes(stack.provider));
    const kubelet = hardenedKubeletSettings(protect, this.evictionHard);
    props.controlPlane.extend(hardenedControlPlaneSpec(kubelet));
    for (const workers of props.workers) workers.template.extend(hardenedWorkerSpec(kubelet));
    stack.recordBehaviour(
      'kubeletSettings',
      `KubeletConfiguration patches in ${KUBEADM_PATCHES_DIR}; no kubelet flag that has a config-file field`,
    );
    stack.recordBehaviour(
      'evictionHard',
      Object.entries(this.evictionHard)
        .map(([signal, value]) => `${signal}<${value}`)
        .join(','),
    );
    stack.recordBehaviour(
      'encryptionKeyAccess',
      `new Clusters encrypt Secrets with ${s.ENCRYPTION_PROVIDER} (upgraded Clusters keep their provider and key until rotated); only cluster-admin reads the key, bootstrap tokens (workers' included) no longer can`,
    );
    stack.recordBehaviour(
      'anonymousRequests',
      `the API server answers anonymous requests only on ${s.ANONYMOUS_PATHS.join(', ')}`,
    );
    const cc = props.clusterClass;
    for (const variable of hardeningVariables) cc.addVariable(variable);
    // Kubelets rotate their serving certificates; the controller manager never approves those requests.
    this.node.addValidation({
      validate: () =>
        ClusterStack.of(this).addons.some((a) => a.props.capabilities?.includes(KUBELET_SERVING_APPROVAL))
          ? []
          : [
              `kubelets rotate their serving certificates, but no addon approves them: add an addon with capabilities ["${KUBELET_SERVING_APPROVAL}"] (e.g. KubeletServingCertApprover from @cluster-stacks/addons).`,
            ],
    });

    const controlPlane = PatchTarget.controlPlane(props.controlPlane);
    const audit = v.ref('auditLog');
    cc.addPatch({
      name: 'podSecurityStandard',
      description:
        'Writes the Pod Security admission configuration with the levels of the podSecurityStandard variable.',
      definitions: [
        {
          target: controlPlane,
          operations: [PatchOperation.addKubeadmFile(admissionConfigFile())],
        },
      ],
    });
    cc.addPatch({
      name: 'apiServerAuthentication',
      description:
        "Writes the API server's authentication configuration: anonymous requests only to the health endpoints and kubeadm's cluster-info, and the stack's JWT authenticators.",
      definitions: [
        {
          target: controlPlane,
          operations: [
            PatchOperation.addKubeadmFile(
              authenticationConfigFile(stack.kubernetesVersion.minor, this.jwtAuthenticators),
            ),
          ],
        },
      ],
    });
    cc.addPatch({
      name: 'auditLog',
      description: 'Sets the retention of the API server audit log.',
      definitions: [
        {
          target: controlPlane,
          operations: [
            PatchOperation.controlPlaneFlag('apiServer', 'audit-log-maxage', audit.field('maxAgeDays')),
            PatchOperation.controlPlaneFlag('apiServer', 'audit-log-maxbackup', audit.field('maxBackups')),
            PatchOperation.controlPlaneFlag(
              'apiServer',
              'audit-log-maxsize',
              audit.field('maxSizeMegabytes'),
            ),
          ],
        },
      ],
    });
    cc.addPatch({
      name: 'controlPlaneMetricsBindAddress',
      description: 'Serves controller manager, scheduler and etcd metrics on the chosen address.',
      enabledIf: fn.ne(v.ref('controlPlaneMetricsBindAddress'), '127.0.0.1'),
      definitions: [
        {
          target: controlPlane,
          operations: [
            PatchOperation.controlPlaneFlag(
              'controllerManager',
              'bind-address',
              v.ref('controlPlaneMetricsBindAddress'),
            ),
            PatchOperation.controlPlaneFlag(
              'scheduler',
              'bind-address',
              v.ref('controlPlaneMetricsBindAddress'),
            ),
            PatchOperation.controlPlaneFlag(
              'etcd',
              'listen-metrics-urls',
              template`http://${v.ref('controlPlaneMetricsBindAddress')}:2381`,
            ),
          ],
        },
      ],
    });
    cc.addPatch({
      name: 'terminatedPodGCThreshold',
      description: 'Sets how many terminated pods are kept before garbage collection.',
      definitions: [
        {
          target: controlPlane,
          operations: [
            PatchOperation.controlPlaneFlag(
              'controllerManager',
              'terminated-pod-gc-threshold',
              v.ref('terminatedPodGCThreshold'),
            ),
          ],
        },
      ],
    });
  }
}
