import { Construct } from 'constructs';
import { StackDefinitionError, invalidProp } from '../errors';
import { KubernetesVersion } from '../kubernetes-version';

/** A machine image for one Kubernetes release. */
export interface NodeImage {
  /** The Kubernetes release the image runs. */
  readonly kubernetesVersion: KubernetesVersion;
  /** Image reference or name as the infrastructure provider uses it, e.g. `kindest/node:v1.35.1@sha256:…`. */
  readonly image: string;
  /** Where the image can be downloaded (disk images). @default - none (pulled by reference) */
  readonly url?: string;
  /** Checksum of the download, `sha256:<hex>`. @default - none */
  readonly checksum?: string;
}

/** The node-image layer of a stack: one image per supported Kubernetes release. */
export class NodeImages extends Construct {
  private readonly images: NodeImage[] = [];

  public constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /** Adds the image of a Kubernetes release. */
  public add(image: NodeImage): void {
    if (!(image?.kubernetesVersion instanceof KubernetesVersion)) {
      throw invalidProp(
        this.node.path,
        'kubernetesVersion',
        image?.kubernetesVersion,
        'a KubernetesVersion, e.g. KubernetesVersion.of("1.35.1")',
      );
    }
    if (image.url === undefined && !/^[^@\s]+@sha256:[0-9a-f]{64}$/.test(String(image.image))) {
      throw invalidProp(
        this.node.path,
        'image',
        image.image,
        'a reference pinned by digest, "<repository>:<tag>@sha256:<64 hex digits>"',
        'Without a digest, clusters of the same release could run different images; disk images give url instead.',
      );
    }
    if (this.images.some((i) => i.kubernetesVersion.semver === image.kubernetesVersion.semver)) {
      throw new StackDefinitionError(
        `${this.node.path}: a node image for ${image.kubernetesVersion.semver} is already added.`,
      );
    }
    if (image.checksum !== undefined && !/^sha256:[0-9a-f]{64}$/.test(image.checksum)) {
      throw invalidProp(this.node.path, 'checksum', image.checksum, '"sha256:" and 64 hex digits');
    }
    this.images.push(image);
  }

  /** Every image, oldest Kubernetes release first. */
  public get all(): readonly NodeImage[] {
    return [...this.images].sort(
      (a, b) =>
        a.kubernetesVersion.minor - b.kubernetesVersion.minor ||
        a.kubernetesVersion.patch - b.kubernetesVersion.patch,
    );
  }

  /** The image of a Kubernetes release; an error naming the release when there is none. */
  public forVersion(version: KubernetesVersion): NodeImage {
    const image = this.images.find((i) => i.kubernetesVersion.semver === version.semver);
    if (!image) {
      throw new StackDefinitionError(
        `${this.node.path}: no node image for ${version.semver}: add one with nodeImages.add({ kubernetesVersion: ..., image: ... }).`,
      );
    }
    return image;
  }

  /** The content of `node-images.yaml`. */
  public render(): Record<string, unknown> {
    return {
      apiVersion: 'nodeimages.cluster-stacks-ts.dev/v1alpha1',
      kind: 'NodeImages',
      images: this.all.map((i) => ({
        kubernetesVersion: i.kubernetesVersion.semver,
        image: i.image,
        ...(i.url ? { url: i.url } : {}),
        ...(i.checksum ? { checksum: i.checksum } : {}),
      })),
    };
  }
}
