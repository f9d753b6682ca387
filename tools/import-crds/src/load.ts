// Loads the CRDs of a pinned release, from the upstream release assets or from a local folder.
import { promises as fs } from 'fs';
import * as path from 'path';
import { type Crd, parseCrds } from './crd';
import { type PinnedRelease, crdFileName, crdNames, releaseUrls } from './sources';

/** The CRDs of one release by `metadata.name`, in the order of `crdNames(release)`. */
export type ReleaseCrds = ReadonlyMap<string, Crd>;

const DOWNLOAD_TIMEOUT_MS = 120_000;

async function download(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (error) {
    const cause =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error);
    throw new Error(`cannot download ${url}: ${cause}`);
  }
  if (!response.ok) {
    throw new Error(`cannot download ${url}: HTTP ${response.status} ${response.statusText}`);
  }
  return response.text();
}

function pick(release: PinnedRelease, found: ReadonlyMap<string, Crd>, origin: string): ReleaseCrds {
  const wanted = crdNames(release);
  const missing = wanted.filter((name) => !found.has(name));
  if (missing.length > 0) {
    throw new Error(`${origin}: missing CustomResourceDefinition(s) ${missing.join(', ')}`);
  }
  return new Map(wanted.map((name) => [name, found.get(name)!]));
}

/** Downloads a release's component files and extracts its CRDs by `metadata.name`. */
export async function loadFromUpstream(release: PinnedRelease): Promise<ReleaseCrds> {
  const urls = releaseUrls(release);
  const found = new Map<string, Crd>();
  for (const url of urls) {
    const text = await download(url);
    for (const [name, crd] of parseCrds(text, url)) {
      if (found.has(name))
        throw new Error(`${url}: CustomResourceDefinition ${name} is also in another file`);
      found.set(name, crd);
    }
  }
  return pick(release, found, urls.join(', '));
}

/**
 * Reads a release's CRDs from `<dir>/<release id>/<group>_<plural>.yaml`. Returns the CRDs and the names of
 * any other `.yaml` files in that folder (not imported; reported so a new upstream CRD is not missed).
 */
export async function loadFromDirectory(
  release: PinnedRelease,
  dir: string,
): Promise<{ crds: ReleaseCrds; ignoredFiles: string[] }> {
  const folder = path.join(dir, release.id);
  let entries: string[];
  try {
    entries = await fs.readdir(folder);
  } catch (error) {
    throw new Error(`cannot read ${folder}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const found = new Map<string, Crd>();
  const expectedFiles = new Set<string>();
  for (const name of crdNames(release)) {
    const file = crdFileName(name);
    expectedFiles.add(file);
    if (!entries.includes(file)) continue;
    for (const [docName, crd] of parseCrds(
      await fs.readFile(path.join(folder, file), 'utf8'),
      path.join(folder, file),
    )) {
      found.set(docName, crd);
    }
  }
  const ignoredFiles = entries.filter((e) => e.endsWith('.yaml') && !expectedFiles.has(e)).sort();
  return { crds: pick(release, found, folder), ignoredFiles };
}
