import { CapiVersion } from '../capi-version';
import { ClusterClass } from '../cluster-class/cluster-class';
import { Ref, vars } from '../cluster-class/expressions';
import { JsonPatchJson, PatchOperation, patchesOn } from '../cluster-class/patch';
import { valueAtPointer } from '../cluster-class/schema-paths';
import { TemplateResource } from '../cluster-class/template-resource';
import { StackDefinitionError } from '../errors';
import { ClusterFeatureVariables } from './variables';

const v = vars<ClusterFeatureVariables>();

/** Where each CAPI version keeps the rollout before certificate expiry in a KubeadmControlPlaneTemplate. */
const ROLLOUT_BEFORE: Readonly<
  Record<string, { readonly path: string; readonly wrap: (days: string) => string }>
> = {
  v1beta1: {
    path: '/spec/template/spec/rolloutBefore',
    wrap: (days) => `{"certificatesExpiryDays": ${days}}`,
  },
  v1beta2: {
    path: '/spec/template/spec/rollout',
    wrap: (days) => `{"before": {"certificatesExpiryDays": ${days}}}`,
  },
};

/** Sets `certificatesExpiryDays` where the CAPI version has it (v1beta2 moved it under `rollout.before`). */
class CertificatesExpiryDays extends PatchOperation {
  public constructor(private readonly days: Ref<number | undefined>) {
    super();
  }

  public render(capi: CapiVersion, base?: unknown, template?: TemplateResource): JsonPatchJson[] {
    const at = ROLLOUT_BEFORE[capi.version];
    if (valueAtPointer(base, at.path) !== undefined) {
      throw new StackDefinitionError(
        `ClusterFeatures: ${template?.kind} ${template?.node.path} already sets ${at.path}; the certificate renewal patch would replace it.`,
      );
    }
    return [
      { op: 'add', path: at.path, valueFrom: { template: at.wrap(`{{ ${this.days.renderPipeline()} }}`) } },
    ];
  }

  public references(): Ref<unknown>[] {
    return [this.days];
  }
}

/** The certificate renewal patch: KubeadmControlPlane rolls out machines whose certificates expire soon. */
export function addCertificateRenewalPatches(cc: ClusterClass): void {
  const renewal = v.ref('controlPlaneCertificateRenewal');
  cc.addPatch({
    name: 'controlPlaneCertificateRenewal',
    description:
      'Replaces control-plane machines whose certificates expire within daysBeforeExpiry days (on unless disabled).',
    enabledIf: renewal.field('enabled'),
    definitions: patchesOn(
      cc.targets.controlPlane,
      new CertificatesExpiryDays(renewal.field('daysBeforeExpiry')),
    ),
  });
}
