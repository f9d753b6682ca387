// Release directories that publish must refuse before any byte is uploaded (run against the loopback registry).
import * as fs from 'node:fs';
import { cleanHash, hash1 } from '@cluster-stacks/release-check';
import { BadInputCase, Vars } from '../runner';
import { Sandbox } from '../sandbox';

/** Where each case puts its copy of the release: `work/<tag>`. */
const copyOf = (vars: Vars) => `work/${vars.tag}`;
const TARGET = ['--registry', '<registry>', '--repository', 'kaas/cluster-stacks', '--plain-http'];

/** A copy of the built release, changed by `change` (file name → new content, or null to delete). */
const releaseCopy =
  (change: (files: Map<string, Buffer | null>, tag: string) => void) =>
  (sandbox: Sandbox): void => {
    const tag = fs.readdirSync(sandbox.path('dist', 'releases')).find((d) => !d.startsWith('.'))!;
    const files = new Map<string, Buffer | null>(
      fs
        .readdirSync(sandbox.path('dist', 'releases', tag))
        .map((f) => [f, fs.readFileSync(sandbox.path('dist', 'releases', tag, f))]),
    );
    change(files, tag);
    for (const [name, content] of files) if (content !== null) sandbox.write(`work/${tag}/${name}`, content);
  };

const refused = (
  what: string,
  change: (files: Map<string, Buffer | null>, tag: string) => void,
  message: (vars: Vars, sandbox: Sandbox) => string,
): BadInputCase => ({
  name: `GIVEN a release directory with ${what} WHEN published THEN it is refused before any upload`,
  arrange: releaseCopy(change),
  tool: 'publish',
  args: ['<release>', ...TARGET],
  code: 1,
  stderr: (sandbox, vars) => `publish: ${copyOf(vars)}: ${message(vars, sandbox)}`,
});

const addonArchive = (files: Map<string, Buffer | null>) =>
  [...files.keys()].find((f) => f.includes('cluster-addon'))!;
const classArchive = (files: Map<string, Buffer | null>) =>
  [...files.keys()].find((f) => f.includes('cluster-class'))!;
const prefix = (vars: Vars) => vars.tag.replace(/-v0-sha-.*$/, '');
const version = (vars: Vars) => vars.tag.replace(/^.*-(v0)-(sha)-(.*)$/, '$1-$2.$3');
const expectedFiles = (vars: Vars) =>
  `clusteraddon.yaml, ${prefix(vars)}-cluster-addon-${version(vars)}.tgz, ${prefix(vars)}-cluster-class-${version(vars)}.tgz, hashes.json, metadata.yaml, node-images.yaml`;
/** A change of one release file's text. */
const edit = (name: string, from: RegExp, to: string) => (files: Map<string, Buffer | null>) =>
  files.set(name, Buffer.from(files.get(name)!.toString().replace(from, to)));
const holds = (name: string) => (vars: Vars) =>
  `the release directory holds "${name}", which is not part of a release: remove it or package the release again (a release has exactly ${expectedFiles(vars)})`;
const hashOf = (name: string, content: string) => cleanHash(hash1(new Map([[name, content]])));

export const PUBLISH_CASES: BadInputCase[] = [
  refused('a stray dotfile', (files) => files.set('.DS_Store', Buffer.from('finder')), holds('.DS_Store')),
  refused('an extra file', (files) => files.set('README.md', Buffer.from('notes')), holds('README.md')),
  refused(
    'a leftover temporary folder',
    (files) => files.set('.tmp-x-1-0123abcd/metadata.yaml', Buffer.from('half')),
    holds('.tmp-x-1-0123abcd'),
  ),
  refused(
    'only metadata.yaml and hashes.json',
    (files) => {
      for (const name of files.keys())
        if (name !== 'metadata.yaml' && name !== 'hashes.json') files.set(name, null);
    },
    (vars) =>
      `the release directory is incomplete: clusteraddon.yaml, ${prefix(vars)}-cluster-addon-${version(vars)}.tgz, ${prefix(vars)}-cluster-class-${version(vars)}.tgz, node-images.yaml are missing; package the release again`,
  ),
  refused(
    'no node-images.yaml',
    (files) => files.set('node-images.yaml', null),
    () => `the release directory is incomplete: node-images.yaml is missing; package the release again`,
  ),
  refused(
    'no cluster-addon archive',
    (files) => files.set(addonArchive(files), null),
    (vars) =>
      `the release directory is incomplete: ${prefix(vars)}-cluster-addon-${version(vars)}.tgz is missing; package the release again`,
  ),
  refused(
    'no metadata.yaml',
    (files) => files.set('metadata.yaml', null),
    (vars) => `release directory ${copyOf(vars)} has no metadata.yaml`,
  ),
  refused(
    'no hashes.json',
    (files) => files.set('hashes.json', null),
    (vars) => `release directory ${copyOf(vars)} has no hashes.json`,
  ),
  refused(
    'an edited clusteraddon.yaml',
    edit('clusteraddon.yaml', /action: apply/g, 'action: Apply'),
    (vars, sandbox) =>
      `hashes.json: clusterAddonValues is "${JSON.parse(sandbox.read(`dist/releases/${vars.tag}/hashes.json`)).clusterAddonValues}", but clusteraddon.yaml hashes to "${hashOf('clusteraddon.yaml', sandbox.read(`dist/releases/${vars.tag}/clusteraddon.yaml`).replace(/action: apply/g, 'action: Apply'))}": the release was modified after it was built; package it again`,
  ),
  refused(
    'an edited node-images.yaml',
    (files) =>
      files.set('node-images.yaml', Buffer.from(files.get('node-images.yaml')!.toString() + '# edited\n')),
    (vars, sandbox) =>
      `hashes.json: nodeImageDir is "${JSON.parse(sandbox.read(`dist/releases/${vars.tag}/hashes.json`)).nodeImageDir}", but node-images.yaml hashes to "${hashOf('node-images.yaml', sandbox.read(`dist/releases/${vars.tag}/node-images.yaml`) + '# edited\n')}": the release was modified after it was built; package it again`,
  ),
  refused(
    'a hashes.json of another build',
    (files) => {
      const hashes = JSON.parse(files.get('hashes.json')!.toString()) as Record<string, string>;
      files.set(
        'hashes.json',
        Buffer.from(
          JSON.stringify({ ...hashes, clusterStack: `0000000${hashes.clusterStack.slice(7)}` }, null, 2) +
            '\n',
        ),
      );
    },
    (vars, sandbox) =>
      `hashes.json: clusterStack "0000000${(JSON.parse(sandbox.read(`dist/releases/${vars.tag}/hashes.json`)) as { clusterStack: string }).clusterStack.slice(7)}" does not start with the tag's hash "${vars.tag.slice(-7)}": the release was modified after it was built; package it again`,
  ),
  refused(
    'a hashes.json that is no JSON',
    (files) => files.set('hashes.json', Buffer.from('{ "clusterStack": ')),
    () => 'hashes.json: Unexpected end of JSON input',
  ),
  refused(
    'metadata.yaml of another Kubernetes minor',
    edit('metadata.yaml', /kubernetes: v1\.35\.\d+/, 'kubernetes: v1.34.3'),
    (vars) =>
      `release "${vars.tag}" does not match its metadata.yaml: the tag says Kubernetes 1.35, versions.kubernetes is v1.34.3`,
  ),
  refused(
    'metadata.yaml of another version',
    edit('metadata.yaml', /clusterStack: \S+/, 'clusterStack: v7'),
    (vars) =>
      `release "${vars.tag}" does not match its metadata.yaml: the tag says version ${vars.tag.replace(/^.*-(v0-sha-.*)$/, '$1')}, versions.clusterStack is v7`,
  ),
  refused(
    'a cluster-class archive that is not gzip',
    (files) => files.set(classArchive(files), Buffer.from('not a tarball')),
    (vars) =>
      `release ${vars.tag} breaks the release contract, so CSO would refuse or break on it:\n  rule 5 error: ${prefix(vars)}-cluster-class-${version(vars)}.tgz is not a readable gzip tar archive: gzip: incorrect header check (helm template cannot load the cluster-class chart)`,
  ),
  {
    name: 'GIVEN a temporary folder of an interrupted build WHEN published THEN it is no release tag',
    arrange: (sandbox) => sandbox.write('work/.tmp-release-1-0123abcd/metadata.yaml', 'half\n'),
    tool: 'publish',
    args: ['work/.tmp-release-1-0123abcd', ...TARGET],
    code: 1,
    stderr:
      'publish: work/.tmp-release-1-0123abcd: ".tmp-release-1-0123abcd" is not a release tag (<provider>-<name>-<major>-<minor>-v<N>[-<channel>-<patch>]): invalid format',
  },
  {
    name: 'GIVEN a release directory that does not exist WHEN published THEN the directory is named',
    tool: 'publish',
    args: ['dist/releases/docker-scs-1-35-v9', ...TARGET],
    code: 1,
    stderr: `publish: dist/releases/docker-scs-1-35-v9: cannot read release directory dist/releases/docker-scs-1-35-v9: ENOENT: no such file or directory, scandir '<workspace>/dist/releases/docker-scs-1-35-v9'`,
  },
];

export { copyOf };
