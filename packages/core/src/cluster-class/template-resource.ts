import { Construct } from 'constructs';
import { CapiVersion } from '../capi-version';
import { HelmValue, versionedObjectName } from '../helm/placeholders';

/** A Kubernetes object as plain JSON, the form every renderer produces. */
export interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** A reference to a template as a ClusterClass holds it. */
export interface TemplateReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}

/** Where a template keeps the fields its provider defines, unless a provider moved them in a later API version. */
const TEMPLATE_SETTINGS_PATH = '/spec/template/spec';

/**
 * A template that a ClusterClass references (infrastructure cluster, control plane, machine or bootstrap
 * template). Each renders itself for a CAPI version; its apiVersion and kind are the single source for the
 * ClusterClass references and for the selectors of the patches that target it.
 */
export abstract class TemplateResource extends Construct {
  /**
   * The object kind, e.g. `KubeadmControlPlaneTemplate`; messages name the template by it. The kind of a
   * rendering is {@link kindFor}, which is this one unless the provider replaced the kind in that API version.
   */
  public abstract readonly kind: string;

  /**
   * @param nameSuffix appended to `<release>-<version>-` to name the object, e.g. `control-plane`
   */
  protected constructor(
    scope: Construct,
    id: string,
    public readonly nameSuffix: string,
  ) {
    super(scope, id);
  }

  /** The apiVersion this template is rendered with for the given CAPI version. */
  public abstract apiVersion(capi: CapiVersion): string;

  /**
   * The kind this template is rendered with for the given CAPI version: {@link kind}, unless a provider
   * replaced the kind in the API version it serves for that CAPI version (CAPD's v1beta2 Dev* kinds replace its
   * Docker* kinds).
   */
  public kindFor(_capi: CapiVersion): string {
    return this.kind;
  }

  /**
   * The JSON pointer of the fields the provider defines for the template's objects, for the given CAPI version:
   * `/spec/template/spec`, unless the provider moved them in that API version (CAPD's Dev* kinds keep the
   * docker settings under `/spec/template/spec/backend/docker`). Patches built with
   * `PatchOperation.addSetting` address fields below it.
   */
  public settingsPath(_capi: CapiVersion): string {
    return TEMPLATE_SETTINGS_PATH;
  }

  /** The object's `spec`, in JSON form, for the given CAPI version. */
  protected abstract renderSpec(capi: CapiVersion): Record<string, unknown>;

  /** The complete object, named `<release>-<version>-<suffix>` in the release namespace. */
  public render(capi: CapiVersion): ManifestObject {
    return {
      apiVersion: this.apiVersion(capi),
      kind: this.kindFor(capi),
      metadata: { name: this.objectName, namespace: HelmValue.releaseNamespace },
      spec: this.renderSpec(capi),
    };
  }

  /** The object name with Helm placeholders. */
  public get objectName(): string {
    return versionedObjectName(this.nameSuffix);
  }

  /** The reference a ClusterClass uses for this template. */
  public reference(capi: CapiVersion): TemplateReference {
    return { apiVersion: this.apiVersion(capi), kind: this.kindFor(capi), name: this.objectName };
  }
}
