import { Construct } from 'constructs';
import { CapiVersion } from '../capi-version';
import { HelmValue, versionedObjectName } from '../helm/placeholders';
import { ManifestObject } from './template-resource';

/** Props of {@link ClusterClassObject}. */
export interface ClusterClassObjectProps {
  /** apiVersion of the object. */
  readonly apiVersion: string;
  /** Kind of the object. */
  readonly kind: string;
  /** Name suffix: the object is named `<release>-<version>-<suffix>`. */
  readonly nameSuffix: string;
  /** Everything but apiVersion, kind and metadata name/namespace (e.g. `{ spec: … }`). */
  readonly body: Readonly<Record<string, unknown>>;
  /** Labels of the object. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Another object shipped in the cluster-class chart and applied in the management cluster next to the
 * ClusterClass, e.g. an ORC Image for the node image. Named and namespaced like the templates.
 */
export class ClusterClassObject extends Construct {
  public constructor(
    scope: Construct,
    id: string,
    public readonly props: ClusterClassObjectProps,
  ) {
    super(scope, id);
  }

  /** The object name with Helm placeholders. */
  public get objectName(): string {
    return versionedObjectName(this.props.nameSuffix);
  }

  public render(_capi: CapiVersion): ManifestObject {
    return {
      apiVersion: this.props.apiVersion,
      kind: this.props.kind,
      metadata: {
        name: this.objectName,
        namespace: HelmValue.releaseNamespace,
        ...(this.props.labels ? { labels: { ...this.props.labels } } : {}),
      },
      ...this.props.body,
    };
  }
}
