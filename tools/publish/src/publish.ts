// Publishes a release directory (dist/releases/<tag>/) as the OCI artifact the Cluster Stack Operator
// downloads (release-contract §7): an OCI 1.1 image manifest with artifactType
// application/vnd.scs.cluster-stacks.v1, the empty config, one layer per top-level regular file titled
// with its file name, and the kubernetesVersion and hash annotations. A published tag is never replaced.
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import {
  checkRelease,
  NameError,
  dotToDash,
  formatDashVersion,
  parseReleaseTag,
} from '@cluster-stacks/release-check';
import { checkHashes, checkReleaseEntries } from './release-files';
import { parse } from 'yaml';
import { OciAuth, OciClient, OciError, sha256Digest } from './oci-client';

export const ARTIFACT_TYPE = 'application/vnd.scs.cluster-stacks.v1';
export const OCI_MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_EMPTY_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';
/** What oras-go records for a file added with an empty media type (csctl's "anything else"). */
export const OCI_LAYER_MEDIA_TYPE = 'application/vnd.oci.image.layer.v1.tar';
export const TITLE_ANNOTATION = 'org.opencontainers.image.title';

/** The media types csctl gives release files (release-contract §7). */
export const MEDIA_TYPES = {
  clusterClass: 'application/vnd.scs.cluster-class.v1.tar+gzip',
  clusterAddon: 'application/vnd.scs.cluster-addon.layer.v1.tar+gzip',
  nodeImage: 'application/vnd.scs.node-image.layer.v1.tar+gzip',
  clusterAddonConfig: 'application/vnd.scs.cluster-addon.config.layer.v1+yaml',
  metadata: 'application/vnd.scs.metadata.layer.v1+yaml',
  nodeImageConfig: 'application/vnd.scs.node-image.config.layer.v1+yaml',
  hashes: 'application/vnd.scs.hashes.layer.v1+yaml',
} as const;

/** The content of the empty config: `{}`. */
export const EMPTY_CONFIG = Buffer.from('{}');

/** An OCI content descriptor, keys in the order the image spec lists them. */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly annotations?: Readonly<Record<string, string>>;
  /** Base64 of the content, embedded (only the empty config has it). */
  readonly data?: string;
}

/** The OCI empty descriptor (image-spec "Guidance for an empty descriptor"), as oras-go packs it. */
export const EMPTY_DESCRIPTOR: Descriptor = {
  mediaType: OCI_EMPTY_MEDIA_TYPE,
  digest: sha256Digest(EMPTY_CONFIG),
  size: EMPTY_CONFIG.length,
  data: EMPTY_CONFIG.toString('base64'),
};

/**
 * The media type of a release file, as csctl chooses it: exact names first, then `.tgz` archives by
 * what their name contains (cluster-addon, cluster-class, node-image, in that order); anything else
 * gets the OCI layer type that oras-go substitutes for csctl's empty media type.
 */
export function layerMediaType(fileName: string): string {
  switch (fileName) {
    case 'clusteraddon.yaml':
      return MEDIA_TYPES.clusterAddonConfig;
    case 'metadata.yaml':
      return MEDIA_TYPES.metadata;
    case 'node-images.yaml':
      return MEDIA_TYPES.nodeImageConfig;
    case 'hashes.json':
      return MEDIA_TYPES.hashes;
  }
  if (fileName.endsWith('.tgz')) {
    if (fileName.includes('cluster-addon')) return MEDIA_TYPES.clusterAddon;
    if (fileName.includes('cluster-class')) return MEDIA_TYPES.clusterClass;
    if (fileName.includes('node-image')) return MEDIA_TYPES.nodeImage;
  }
  return OCI_LAYER_MEDIA_TYPE;
}

/** The release tag grammar, for messages. */
export const RELEASE_TAG_GRAMMAR = '<provider>-<name>-<major>-<minor>-v<N>[-<channel>-<patch>]';

/**
 * Throws unless `tag` is a release tag CSO can list and name a ClusterStackRelease after:
 * `<provider>-<name>-<major>-<minor>-v<N>[-<channel>-<patch>]`, lowercase, at most 128 characters.
 */
export function validateReleaseTag(tag: string): void {
  try {
    parseReleaseTag(tag);
  } catch (e) {
    if (!(e instanceof NameError)) throw e;
    throw new Error(`"${tag}" is not a release tag (${RELEASE_TAG_GRAMMAR}): ${e.message}`);
  }
}

/** One file of a release. */
export interface ReleaseFile {
  readonly name: string;
  readonly content: Buffer;
}

/** The manifest annotations CSO tooling reads. */
export interface ReleaseAnnotations {
  /** `metadata.yaml` `versions.kubernetes`, e.g. `v1.35.0`. */
  readonly kubernetesVersion: string;
  /** The first 7 characters of `hashes.json` `clusterStack`. */
  readonly hash: string;
}

/** A manifest and its serialized bytes. */
export interface BuiltManifest {
  readonly bytes: Buffer;
  readonly digest: string;
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Throws unless `name` can be a layer title that the oras file store writes inside the target directory. */
function checkFileName(name: string): void {
  if (
    name === '' ||
    name === '.' ||
    name === '..' ||
    name.includes('/') ||
    name.includes('\\') ||
    name.includes('\0')
  ) {
    throw new Error(`"${name}" cannot be a release file name: expected a plain file name`);
  }
}

/**
 * The image manifest of a release: schemaVersion 2, the OCI manifest media type, artifactType
 * application/vnd.scs.cluster-stacks.v1, the empty config, one layer per file sorted by name (byte
 * order, as Go's os.ReadDir lists them) with its media type and title, and the annotations (sorted
 * keys). Compact JSON with a fixed key order, so equal input gives equal bytes and digest.
 */
export function buildManifest(files: readonly ReleaseFile[], annotations: ReleaseAnnotations): BuiltManifest {
  if (files.length === 0) throw new Error('a release needs at least one file');
  const seen = new Set<string>();
  for (const file of files) {
    checkFileName(file.name);
    if (seen.has(file.name)) throw new Error(`release file "${file.name}" is listed twice`);
    seen.add(file.name);
  }
  const layers: Descriptor[] = [...files]
    .sort((a, b) => byteOrder(a.name, b.name))
    .map((file) => ({
      mediaType: layerMediaType(file.name),
      digest: sha256Digest(file.content),
      size: file.content.length,
      annotations: { [TITLE_ANNOTATION]: file.name },
    }));
  const sortedAnnotations = Object.fromEntries(
    Object.entries({ hash: annotations.hash, kubernetesVersion: annotations.kubernetesVersion }).sort(
      ([a], [b]) => byteOrder(a, b),
    ),
  );
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST_MEDIA_TYPE,
    artifactType: ARTIFACT_TYPE,
    config: descriptorJson(EMPTY_DESCRIPTOR),
    layers: layers.map(descriptorJson),
    annotations: sortedAnnotations,
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  return { bytes, digest: sha256Digest(bytes), config: EMPTY_DESCRIPTOR, layers };
}

/** A descriptor as a plain object with the spec's key order and no undefined keys. */
function descriptorJson(d: Descriptor): Record<string, unknown> {
  const out: Record<string, unknown> = { mediaType: d.mediaType, digest: d.digest, size: d.size };
  if (d.annotations !== undefined) out.annotations = d.annotations;
  if (d.data !== undefined) out.data = d.data;
  return out;
}

function fileText(files: readonly ReleaseFile[], name: string): string {
  const file = files.find((f) => f.name === name);
  if (file === undefined) throw new Error(`the release has no ${name}`);
  return file.content.toString('utf8');
}

/**
 * The manifest annotations from metadata.yaml (`versions.kubernetes`) and hashes.json (`clusterStack`,
 * first 7 characters); throws naming the file and field when one is missing or malformed.
 */
export function releaseAnnotations(files: readonly ReleaseFile[]): ReleaseAnnotations {
  const metadataText = fileText(files, 'metadata.yaml');
  const hashesText = fileText(files, 'hashes.json');
  let metadata: unknown;
  try {
    metadata = parse(metadataText);
  } catch (e) {
    throw new Error(`metadata.yaml: ${(e as Error).message}`);
  }
  const kubernetesVersion = (metadata as { versions?: { kubernetes?: unknown } } | null)?.versions
    ?.kubernetes;
  if (typeof kubernetesVersion !== 'string' || !/^v\d+\.\d+\.\d+$/.test(kubernetesVersion)) {
    throw new Error(
      `metadata.yaml: versions.kubernetes must be a Kubernetes version such as v1.35.0, got ${JSON.stringify(kubernetesVersion)}`,
    );
  }
  let hashes: unknown;
  try {
    hashes = JSON.parse(hashesText);
  } catch (e) {
    throw new Error(`hashes.json: ${(e as Error).message}`);
  }
  const clusterStack = (hashes as { clusterStack?: unknown } | null)?.clusterStack;
  if (typeof clusterStack !== 'string' || clusterStack.length < 7) {
    throw new Error(
      `hashes.json: clusterStack must be a hash of at least 7 characters, got ${JSON.stringify(clusterStack)}`,
    );
  }
  return { kubernetesVersion, hash: clusterStack.slice(0, 7) };
}

/**
 * Throws unless the tag agrees with metadata.yaml: the Kubernetes major and minor, and the cluster
 * stack version (dot form in metadata, dash form in the tag). CSO matches them against each other.
 */
export function checkTagMatchesMetadata(tag: string, files: readonly ReleaseFile[]): void {
  const parsed = parseReleaseTag(tag);
  const metadata = parse(fileText(files, 'metadata.yaml')) as {
    versions?: { kubernetes?: unknown; clusterStack?: unknown };
  } | null;
  const kubernetes = String(metadata?.versions?.kubernetes ?? '');
  const [, major, minor] = /^v(\d+)\.(\d+)\./.exec(kubernetes) ?? [];
  const tagKubernetes = `${parsed.kubernetesMajor}.${parsed.kubernetesMinor}`;
  if (`${Number(major)}.${Number(minor)}` !== tagKubernetes) {
    throw new Error(
      `release "${tag}" does not match its metadata.yaml: the tag says Kubernetes ${tagKubernetes}, versions.kubernetes is ${kubernetes}`,
    );
  }
  const clusterStack = String(metadata?.versions?.clusterStack ?? '');
  let dashed: string;
  try {
    dashed = dotToDash(clusterStack);
  } catch {
    throw new Error(
      `metadata.yaml: versions.clusterStack "${clusterStack}" is not a version such as v1 or v0-sha.abcdefg`,
    );
  }
  const tagVersion = formatDashVersion(parsed.version);
  if (dashed !== tagVersion) {
    throw new Error(
      `release "${tag}" does not match its metadata.yaml: the tag says version ${tagVersion}, versions.clusterStack is ${clusterStack}`,
    );
  }
}

/** A release directory read into memory. */
export interface LocalRelease {
  readonly dir: string;
  /** Every entry of the directory, dotfiles and folders included. */
  readonly entries: readonly string[];
  readonly tag: string;
  /** Every top-level regular file, sorted by name. */
  readonly files: readonly ReleaseFile[];
  /** Top-level entries that are not regular files (directories, links): not published, as with csctl. */
  readonly skipped: readonly string[];
  readonly annotations: ReleaseAnnotations;
  readonly manifest: BuiltManifest;
}

/**
 * Reads a release directory: the tag is its base name (validated), the files are its top-level
 * regular files; metadata.yaml and hashes.json give the annotations and must agree with the tag.
 */
export async function readReleaseDir(releaseDir: string): Promise<LocalRelease> {
  const dir = resolve(releaseDir);
  const tag = basename(dir);
  validateReleaseTag(tag);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new Error(`cannot read release directory ${releaseDir}: ${(e as Error).message}`);
  }
  const files: ReleaseFile[] = [];
  const skipped: string[] = [];
  for (const entry of entries.sort((a, b) => byteOrder(a.name, b.name))) {
    if (entry.isFile()) files.push({ name: entry.name, content: await readFile(join(dir, entry.name)) });
    else skipped.push(entry.name);
  }
  if (files.length === 0) throw new Error(`release directory ${releaseDir} has no files`);
  for (const required of ['metadata.yaml', 'hashes.json']) {
    if (!files.some((f) => f.name === required))
      throw new Error(`release directory ${releaseDir} has no ${required}`);
  }
  const annotations = releaseAnnotations(files);
  checkTagMatchesMetadata(tag, files);
  const names = entries.map((e) => e.name).sort(byteOrder);
  return {
    dir,
    entries: names,
    tag,
    files,
    skipped,
    annotations,
    manifest: buildManifest(files, annotations),
  };
}

/** Where to publish. */
export interface PublishTarget {
  /** `host[:port]`. */
  readonly registry: string;
  /** Repository path, e.g. `kaas/cluster-stacks`. */
  readonly repository: string;
  readonly plainHttp?: boolean;
  readonly auth?: OciAuth;
  readonly timeoutMs?: number;
}

/** What {@link publishRelease} pushed. */
export interface PublishResult {
  readonly tag: string;
  /** `<registry>/<repository>:<tag>`. */
  readonly reference: string;
  readonly digest: string;
  readonly files: readonly string[];
  readonly skipped: readonly string[];
  /** Blobs uploaded (files and the empty config) and blobs the registry already had. */
  readonly uploaded: number;
  readonly reused: number;
}

/** Raised when the tag is already in the registry; published tags never change. */
export class TagExistsError extends Error {
  public constructor(
    public readonly tag: string,
    public readonly repositoryName: string,
  ) {
    super(
      `release tag "${tag}" already exists in ${repositoryName}: published tags never change; bump the stack version instead`,
    );
    this.name = 'TagExistsError';
  }
}

/**
 * Refuses what CSO would refuse, before anything is uploaded: the directory must hold exactly the six files of
 * a release (no dotfiles, folders or extras), hashes.json must agree with the files, and the files read into
 * memory (what is uploaded) must pass every rule of the release contract, warnings included.
 */
export async function verifyRelease(release: LocalRelease): Promise<void> {
  const metadata = release.files.find((f) => f.name === 'metadata.yaml')!.content.toString('utf8');
  checkReleaseEntries(release.tag, release.entries, metadata);
  checkHashes(release.tag, new Map(release.files.map((f) => [f.name, f.content])));
  const copy = await mkdtemp(join(tmpdir(), 'publish-check-'));
  try {
    const dir = join(copy, release.tag);
    await mkdir(dir);
    for (const file of release.files) await writeFile(join(dir, file.name), file.content);
    const findings = checkRelease(dir);
    if (findings.length > 0)
      throw new Error(
        `release ${release.tag} breaks the release contract, so CSO would refuse or break on it:\n${findings
          .map((f) => `  rule ${f.rule} ${f.severity}: ${f.message}`)
          .join('\n')}`,
      );
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

/** How a release is checked before upload; tests of the OCI layout alone pass their own. */
export interface PublishOptions {
  readonly verify?: (release: LocalRelease) => Promise<void>;
}

/**
 * Publishes a release directory under its own name as tag. Refuses a release that {@link verifyRelease}
 * rejects, and (TagExistsError) a tag that exists, before uploading anything. Blobs go first and the manifest
 * last, so a failure midway leaves the tag absent; blobs the registry already has are not uploaded again.
 *
 * The existence check and the manifest PUT are two requests: two publishers racing for the same new
 * tag can both pass the check (the distribution API has no conditional manifest PUT), so the tag is checked
 * again right before the manifest goes up.
 */
export async function publishRelease(
  releaseDir: string,
  target: PublishTarget,
  options: PublishOptions = {},
): Promise<PublishResult> {
  const release = await readReleaseDir(releaseDir);
  await (options.verify ?? verifyRelease)(release);
  const client = new OciClient(target);
  if (await client.manifestExists(release.tag)) throw new TagExistsError(release.tag, client.name);
  let uploaded = 0;
  let reused = 0;
  for (const content of [EMPTY_CONFIG, ...release.files.map((f) => f.content)]) {
    const pushed = await client.pushBlob(content);
    if (pushed.uploaded) uploaded++;
    else reused++;
  }
  if (await client.manifestExists(release.tag)) throw new TagExistsError(release.tag, client.name);
  const digest = await client.putManifest(release.tag, OCI_MANIFEST_MEDIA_TYPE, release.manifest.bytes);
  if (digest !== release.manifest.digest) {
    throw new OciError(`manifest digest ${digest} differs from the built ${release.manifest.digest}`);
  }
  return {
    tag: release.tag,
    reference: `${client.name}:${release.tag}`,
    digest,
    files: release.files.map((f) => f.name),
    skipped: release.skipped,
    uploaded,
    reused,
  };
}

/** A parsed `<registry>/<repository>(:<tag>|@<digest>)`. */
export interface ArtifactReference {
  readonly registry: string;
  readonly repository: string;
  /** A tag or a `sha256:` digest. */
  readonly reference: string;
}

/** Parses `<registry>/<repository>:<tag>` or `<registry>/<repository>@sha256:<hex>`. */
export function parseArtifactReference(ref: string): ArtifactReference {
  const slash = ref.indexOf('/');
  if (slash <= 0) throw new Error(`invalid reference "${ref}": expected <registry>/<repository>:<tag>`);
  const registry = ref.slice(0, slash);
  const rest = ref.slice(slash + 1);
  const at = rest.indexOf('@');
  if (at >= 0) return { registry, repository: rest.slice(0, at), reference: rest.slice(at + 1) };
  const colon = rest.lastIndexOf(':');
  if (colon <= 0 || rest.slice(colon).includes('/')) {
    throw new Error(`invalid reference "${ref}": expected <registry>/<repository>:<tag>`);
  }
  return { registry, repository: rest.slice(0, colon), reference: rest.slice(colon + 1) };
}

/** What {@link pullRelease} wrote. */
export interface PullResult {
  readonly digest: string;
  readonly annotations: Readonly<Record<string, string>>;
  /** File names written, in layer order. */
  readonly files: readonly string[];
}

interface ManifestShape {
  schemaVersion?: unknown;
  artifactType?: unknown;
  layers?: { mediaType?: unknown; digest?: unknown; size?: unknown; annotations?: Record<string, unknown> }[];
  annotations?: Record<string, string>;
}

/**
 * Downloads a published release into `intoDir` the way CSO's oras file store does: every layer with a
 * title becomes `<intoDir>/<title>`; layers without a title are not written. Refuses an artifact of
 * another artifactType, titles that are not plain file names, and files that already exist.
 */
export async function pullRelease(
  ref: string,
  intoDir: string,
  options: { plainHttp?: boolean; auth?: OciAuth; timeoutMs?: number } = {},
): Promise<PullResult> {
  const { registry, repository, reference } = parseArtifactReference(ref);
  const client = new OciClient({ registry, repository, ...options });
  const fetched = await client.getManifest(reference);
  let manifest: ManifestShape;
  try {
    manifest = JSON.parse(fetched.bytes.toString('utf8')) as ManifestShape;
  } catch {
    throw new Error(`${ref}: the manifest is not JSON`);
  }
  if (manifest.artifactType !== ARTIFACT_TYPE) {
    throw new Error(
      `${ref} is not a cluster stack release: artifactType is ${JSON.stringify(manifest.artifactType)}, expected "${ARTIFACT_TYPE}"`,
    );
  }
  if (!Array.isArray(manifest.layers)) throw new Error(`${ref}: the manifest has no layers`);
  const titled: { title: string; digest: string }[] = [];
  for (const layer of manifest.layers) {
    const title = layer.annotations?.[TITLE_ANNOTATION];
    if (typeof title !== 'string') continue;
    checkFileName(title);
    if (typeof layer.digest !== 'string') throw new Error(`${ref}: layer "${title}" has no digest`);
    titled.push({ title, digest: layer.digest });
  }
  await mkdir(intoDir, { recursive: true });
  for (const { title } of titled) {
    const exists = await lstat(join(intoDir, title)).then(
      () => true,
      () => false,
    );
    if (exists) throw new Error(`cannot pull ${ref}: ${join(intoDir, title)} already exists`);
  }
  for (const { title, digest } of titled) {
    await writeFile(join(intoDir, title), await client.getBlob(digest), { flag: 'wx' });
  }
  return {
    digest: fetched.digest,
    annotations: manifest.annotations ?? {},
    files: titled.map((t) => t.title),
  };
}
