// Turns the providers' kustomize output into what the lab applies: cert-manager objects replaced by
// Secrets the lab signs itself, CA bundles injected where cert-manager would inject them, the lab's
// images in every manager Deployment, and clusterctl's variables substituted.
import { parseAllDocuments, stringify } from 'yaml';
import { envsubst } from '@cluster-stacks/e2e';
import { LabError } from '../util/errors';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects of any kind, read field by field */
export type Obj = {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: any;
  [k: string]: any;
};
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface CertificateRequest {
  /** namespace/name of the cert-manager Certificate, as inject-ca-from names it. */
  readonly ref: string;
  readonly namespace: string;
  readonly secretName: string;
  readonly dnsNames: readonly string[];
}

export interface SignedCertificate {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

export function parseManifests(text: string, source: string): Obj[] {
  return parseAllDocuments(text)
    .map((d, i) => {
      if (d.errors.length > 0) throw new LabError(`${source}: document ${i + 1}: ${d.errors[0]!.message}`);
      return d.toJS() as Obj | null;
    })
    .filter((o): o is Obj => o !== null && typeof o === 'object');
}

/** The Certificates the manifests ask cert-manager for. */
export function certificateRequests(objects: readonly Obj[]): CertificateRequest[] {
  return objects
    .filter((o) => o.apiVersion?.startsWith('cert-manager.io/') && o.kind === 'Certificate')
    .map((o) => ({
      ref: `${o.metadata!.namespace}/${o.metadata!.name}`,
      namespace: o.metadata!.namespace!,
      secretName: o.spec.secretName as string,
      dnsNames: o.spec.dnsNames as string[],
    }));
}

export interface ComponentsInput {
  readonly objects: readonly Obj[];
  /** Image of the provider's manager container. */
  readonly image: string;
  readonly certificates: ReadonlyMap<string, SignedCertificate>;
}

const INJECT = 'cert-manager.io/inject-ca-from';

/** The objects the lab applies, in a stable order: namespaces and CRDs first. */
export function labComponents(input: ComponentsInput): Obj[] {
  const out: Obj[] = [];
  for (const o of input.objects) {
    if (o.apiVersion?.startsWith('cert-manager.io/')) continue;
    const copy: Obj = structuredClone(o);
    const inject = copy.metadata?.annotations?.[INJECT];
    if (inject !== undefined) {
      const cert = input.certificates.get(inject);
      if (cert === undefined)
        throw new LabError(
          `${copy.kind} ${copy.metadata?.name} asks for the CA of ${inject}, which no Certificate defines`,
        );
      const bundle = Buffer.from(cert.caPem).toString('base64');
      delete copy.metadata!.annotations![INJECT];
      if (copy.kind === 'CustomResourceDefinition') {
        const conv = copy.spec?.conversion?.webhook?.clientConfig;
        if (conv !== undefined) conv.caBundle = bundle;
      } else if (
        copy.kind === 'ValidatingWebhookConfiguration' ||
        copy.kind === 'MutatingWebhookConfiguration'
      ) {
        for (const w of copy.webhooks ?? []) w.clientConfig.caBundle = bundle;
      }
    }
    if (copy.kind === 'Deployment') {
      for (const c of copy.spec.template.spec.containers) {
        if (c.name === 'manager') {
          c.image = input.image;
          c.imagePullPolicy = 'Never';
        }
      }
    }
    out.push(copy);
  }
  for (const [ref, cert] of input.certificates) {
    const request = certificateRequests(input.objects).find((r) => r.ref === ref)!;
    out.push({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: {
        name: request.secretName,
        namespace: request.namespace,
        labels: { 'io.cluster-stacks.lab/signed-by': 'lab' },
      },
      data: {
        'ca.crt': Buffer.from(cert.caPem).toString('base64'),
        'tls.crt': Buffer.from(cert.certPem).toString('base64'),
        'tls.key': Buffer.from(cert.keyPem).toString('base64'),
      },
    });
  }
  const rank = (o: Obj) => (o.kind === 'Namespace' ? 0 : o.kind === 'CustomResourceDefinition' ? 1 : 2);
  return out
    .map((o, i) => [o, i] as const)
    .sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j)
    .map(([o]) => o);
}

/** Substitutes clusterctl's variables (feature gates and their defaults) in a provider's manifest text. */
export function substituteVariables(text: string, env: Readonly<Record<string, string>>): string {
  try {
    return envsubst(text, env);
  } catch (err) {
    throw new LabError(`provider manifest: ${(err as Error).message}`);
  }
}

export function toYaml(objects: readonly Obj[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
}
