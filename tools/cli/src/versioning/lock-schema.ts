// The schema of versions.lock.json: every error names the file, the field and the fix.
import { StackDefinitionError } from '@cluster-stacks/core';
import { LockEntry, VersionLock } from './lock';

const VERSION = /^v[1-9]\d*$/;
const DIGEST = /^h1:[A-Za-z0-9+/]{43}=$/;
const ENTRY_KEYS = ['clusterStack', 'clusterAddon', 'nodeImage', 'digests', 'summary'];
const DIGEST_KEYS = ['clusterClass', 'clusterAddon', 'nodeImages'];
const SUMMARY_KEYS = ['kubernetes', 'variables', 'addons', 'nodeImages'];

/** Where a lock comes from, for messages: the file as the user sees it, and the project it must belong to. */
export interface LockSource {
  readonly file: string;
  readonly project: string;
  /** The Kubernetes minor of the project, `1-35`. */
  readonly minor: string;
  /** What restores the file, e.g. `git checkout HEAD -- <file>`. */
  readonly restore: string;
  /** What starts a new history, e.g. `npm run version -- providers/docker/scs/1-35`. */
  readonly version: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lineAndColumn(text: string, message: string): string {
  const position = /position (\d+)/.exec(message);
  if (!position) return '';
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  return ` at line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
}

/** Parses and checks the text of a lock file; throws a user error naming the file, the field and the fix. */
export function parseLock(text: string, source: LockSource): VersionLock {
  const fail = (field: string, problem: string, fix = `restore it: ${source.restore}`) =>
    new StackDefinitionError(`${source.file}: ${field} ${problem}; ${fix}.`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message.replace(/\s+/g, ' ');
    throw new StackDefinitionError(
      `${source.file}: not valid JSON${lineAndColumn(text, message)} (${message}); restore it: ${source.restore}.`,
    );
  }
  if (!isObject(raw)) throw fail('the file', 'must be an object with "stack" and "releases"');
  for (const key of Object.keys(raw))
    if (key !== 'stack' && key !== 'releases') throw fail(key, 'is not a field of a lock file');
  if (typeof raw.stack !== 'string') throw fail('stack', `must be the project name "${source.project}"`);
  if (raw.stack !== source.project)
    throw fail(
      'stack',
      `is "${raw.stack}", but this is the lock of ${source.project}: it was copied from another project`,
      `delete it and run "${source.version}" to start ${source.project}'s own history`,
    );
  if (!Array.isArray(raw.releases) || raw.releases.length === 0)
    throw fail('releases', 'must be a non-empty list of released versions');
  raw.releases.forEach((entry: unknown, i: number) => checkEntry(entry, `releases[${i}]`, source, fail));
  return raw as unknown as VersionLock;
}

function checkEntry(
  entry: unknown,
  at: string,
  source: LockSource,
  fail: (field: string, problem: string, fix?: string) => Error,
): asserts entry is LockEntry {
  if (!isObject(entry)) throw fail(at, 'must be an object');
  for (const key of Object.keys(entry))
    if (!ENTRY_KEYS.includes(key)) throw fail(`${at}.${key}`, 'is not a field of a released version');
  for (const key of ['clusterStack', 'clusterAddon', 'nodeImage']) {
    const value = entry[key];
    if (typeof value !== 'string' || !VERSION.test(value))
      throw fail(`${at}.${key}`, `must be a version such as "v3", got ${JSON.stringify(value)}`);
  }
  if (!isObject(entry.digests)) throw fail(`${at}.digests`, 'must be an object of layer digests');
  for (const key of DIGEST_KEYS) {
    const value = entry.digests[key];
    if (typeof value !== 'string' || !DIGEST.test(value))
      throw fail(`${at}.digests.${key}`, `must be an "h1:" digest, got ${JSON.stringify(value)}`);
  }
  for (const key of Object.keys(entry.digests))
    if (!DIGEST_KEYS.includes(key)) throw fail(`${at}.digests.${key}`, 'is not a layer');
  if (!isObject(entry.summary)) throw fail(`${at}.summary`, 'must be an object');
  for (const key of SUMMARY_KEYS)
    if (!(key in entry.summary)) throw fail(`${at}.summary.${key}`, 'is missing');
  const kubernetes = entry.summary.kubernetes;
  const minor = typeof kubernetes === 'string' ? /^v(\d+)\.(\d+)\.\d+$/.exec(kubernetes) : null;
  if (!minor)
    throw fail(
      `${at}.summary.kubernetes`,
      `must be a release such as "v1.35.1", got ${JSON.stringify(kubernetes)}`,
    );
  if (`${minor[1]}-${minor[2]}` !== source.minor)
    throw fail(
      `${at}.summary.kubernetes`,
      `is ${kubernetes}, but ${source.project} is Kubernetes ${source.minor.replace('-', '.')}: the lock was copied from another minor`,
      `delete it and run "${source.version}" to start ${source.project}'s own history`,
    );
}
