// Bad version locks: broken files, locks copied from elsewhere, edited released entries.
import { BadInputCase } from '../runner';
import { Sandbox } from '../sandbox';

const P = 'providers/docker/scs/1-35';
const LOCK = `${P}/versions.lock.json`;
const RESTORE = `restore it: git checkout HEAD -- ${LOCK}.`;

type Json = Record<string, unknown> & { releases: Record<string, unknown>[] };

/** Rewrites the lock through `edit`. */
const editLock = (edit: (lock: Json) => unknown) => (sandbox: Sandbox) =>
  sandbox.write(LOCK, JSON.stringify(edit(JSON.parse(sandbox.read(LOCK)) as Json), null, 2) + '\n');

const entry = (lock: Json) => lock.releases[0] as Record<string, Record<string, unknown>>;

const broken = (
  what: string,
  arrange: (sandbox: Sandbox) => void,
  stderr: string,
  command = 'check-versions',
): BadInputCase => ({
  name: `GIVEN a lock with ${what} WHEN ${command} runs THEN the file, the field and the fix are named`,
  arrange,
  tool: 'cs',
  args: [command, P],
  code: 2,
  stderr: `error: ${LOCK}: ${stderr}`,
});

const TRUNCATED = (sandbox: Sandbox) => sandbox.write(LOCK, sandbox.read(LOCK).slice(0, 120));
const TRUNCATED_MESSAGE = `not valid JSON at line 7, column 11 (Unterminated string in JSON at position 120); ${RESTORE}`;
const EDITED_DIGEST = editLock((lock) => {
  entry(lock).digests.clusterAddon = 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
  return lock;
});
const EDITED_MESSAGE = `docker-scs-1-35 v1 was changed after it was released (compared with the committed ${LOCK}): published versions never change; ${RESTORE}`;

export const LOCK_CASES: BadInputCase[] = [
  broken('its end cut off', TRUNCATED, TRUNCATED_MESSAGE),
  broken('its end cut off', TRUNCATED, TRUNCATED_MESSAGE, 'version'),
  broken(
    'a stray comma',
    (sandbox) => sandbox.write(LOCK, sandbox.read(LOCK).replace('"releases": [', '"releases": [,')),
    `not valid JSON (Unexpected token ',', ..."leases": [, { "... is not valid JSON); ${RESTORE}`,
  ),
  broken(
    'a list instead of an object',
    editLock(() => []),
    `the file must be an object with "stack" and "releases"; ${RESTORE}`,
  ),
  broken(
    'an unknown field',
    editLock((lock) => ({ ...lock, generated: true })),
    `generated is not a field of a lock file; ${RESTORE}`,
  ),
  broken(
    'no stack name',
    editLock(({ stack: _s, ...rest }) => rest),
    `stack must be the project name "docker-scs-1-35"; ${RESTORE}`,
  ),
  broken(
    'the lock of 1-34 copied over it',
    (sandbox) => sandbox.write(LOCK, sandbox.read('providers/docker/scs/1-34/versions.lock.json')),
    'stack is "docker-scs-1-34", but this is the lock of docker-scs-1-35: it was copied from another project; delete it and run "npm run version -- providers/docker/scs/1-35" to start docker-scs-1-35\'s own history.',
  ),
  broken(
    'the lock of 1-34 copied over it and renamed',
    (sandbox) =>
      sandbox.write(
        LOCK,
        sandbox
          .read('providers/docker/scs/1-34/versions.lock.json')
          .replace('docker-scs-1-34', 'docker-scs-1-35'),
      ),
    'releases[0].summary.kubernetes is v1.34.3, but docker-scs-1-35 is Kubernetes 1.35: the lock was copied from another minor; delete it and run "npm run version -- providers/docker/scs/1-35" to start docker-scs-1-35\'s own history.',
  ),
  broken(
    'no releases',
    editLock((lock) => ({ ...lock, releases: [] })),
    `releases must be a non-empty list of released versions; ${RESTORE}`,
  ),
  broken(
    'a release that is no object',
    editLock((lock) => ({ ...lock, releases: ['v1'] })),
    `releases[0] must be an object; ${RESTORE}`,
  ),
  broken(
    'a version without "v"',
    editLock((lock) => {
      entry(lock).clusterStack = '1' as never;
      return lock;
    }),
    `releases[0].clusterStack must be a version such as "v3", got "1"; ${RESTORE}`,
  ),
  broken(
    'a digest that is no h1 digest',
    editLock((lock) => {
      entry(lock).digests.clusterAddon = 'x';
      return lock;
    }),
    `releases[0].digests.clusterAddon must be an "h1:" digest, got "x"; ${RESTORE}`,
  ),
  broken(
    'an unknown layer',
    editLock((lock) => {
      entry(lock).digests.extra = 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
      return lock;
    }),
    `releases[0].digests.extra is not a layer; ${RESTORE}`,
  ),
  broken(
    'an unknown field in a release',
    editLock((lock) => {
      entry(lock).date = 'today' as never;
      return lock;
    }),
    `releases[0].date is not a field of a released version; ${RESTORE}`,
  ),
  broken(
    'a summary without its Kubernetes release',
    editLock((lock) => {
      delete entry(lock).summary.kubernetes;
      return lock;
    }),
    `releases[0].summary.kubernetes is missing; ${RESTORE}`,
  ),
  {
    name: 'GIVEN an edited released digest WHEN check-versions runs THEN it is reported as an edit, with no advice to bump',
    arrange: EDITED_DIGEST,
    tool: 'cs',
    args: ['check-versions', P],
    code: 1,
    stderr: `error: ${EDITED_MESSAGE}`,
  },
  {
    name: 'GIVEN an edited released digest WHEN version runs THEN it refuses to bump on top of it',
    arrange: EDITED_DIGEST,
    tool: 'cs',
    args: ['version', P],
    code: 2,
    stderr: `error: ${EDITED_MESSAGE}`,
  },
  {
    name: 'GIVEN an edited released node image version WHEN check-versions runs THEN it is reported as an edit',
    arrange: editLock((lock) => {
      entry(lock).nodeImage = 'v2' as never;
      return lock;
    }),
    tool: 'cs',
    args: ['check-versions', P],
    code: 1,
    stderr: `error: ${EDITED_MESSAGE}`,
  },
  {
    name: 'GIVEN no lock WHEN check-versions runs THEN it says how to create one',
    arrange: (sandbox) => sandbox.write(LOCK, ''),
    tool: 'cs',
    args: ['check-versions', P],
    code: 2,
    stderr: `error: ${LOCK}: not valid JSON (Unexpected end of JSON input); ${RESTORE}`,
  },
];
