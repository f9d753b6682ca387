import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadFromDirectory, loadFromUpstream } from './load';
import { PINNED_RELEASES, crdFileName, crdNames } from './sources';

const cso = PINNED_RELEASES.find((r) => r.id === 'cso-v0.2.0-alpha.1')!;
const CSO_URL =
  'https://github.com/SovereignCloudStack/cluster-stack-operator/releases/download/v0.2.0-alpha.1/cso-infrastructure-components.yaml';

function crdYaml(name: string): string {
  const [plural, ...group] = name.split('.');
  return [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  group: ${group.join('.')}`,
    '  names:',
    `    kind: K${plural}`,
    `    plural: ${plural}`,
    '  versions:',
    '  - name: v1alpha1',
    '    served: true',
    '    storage: true',
    '',
  ].join('\n');
}

describe('loadFromUpstream', () => {
  afterEach(() => jest.restoreAllMocks());

  it('downloads the release assets and picks the pinned CRDs by metadata.name', async () => {
    // GIVEN a components file with the three CSO CRDs between other documents
    const bundle = [
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: cso-system\n',
      ...crdNames(cso).map(crdYaml),
    ].join('---\n');
    const fetchMock = jest
      .spyOn(globalThis, 'fetch')
      .mockResolvedValue(new Response(bundle, { status: 200 }));

    // WHEN the CSO release is loaded from upstream
    const crds = await loadFromUpstream(cso);

    // THEN the release asset URL was fetched and the three CRDs are returned in name order
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual([CSO_URL]);
    expect([...crds.keys()]).toEqual([
      'clusteraddons.clusterstack.x-k8s.io',
      'clusterstackreleases.clusterstack.x-k8s.io',
      'clusterstacks.clusterstack.x-k8s.io',
    ]);
  });

  it('names the URL when the download fails', async () => {
    // GIVEN an asset that answers 404
    jest
      .spyOn(globalThis, 'fetch')
      .mockResolvedValue(new Response('Not Found', { status: 404, statusText: 'Not Found' }));

    // WHEN / THEN the error names the URL and the status
    await expect(loadFromUpstream(cso)).rejects.toThrow(`cannot download ${CSO_URL}: HTTP 404 Not Found`);
  });

  it('names the missing CRDs when the asset lacks one', async () => {
    // GIVEN a components file with only one of the three CRDs
    jest
      .spyOn(globalThis, 'fetch')
      .mockResolvedValue(new Response(crdYaml('clusterstacks.clusterstack.x-k8s.io'), { status: 200 }));

    // WHEN / THEN the error names the URL and the missing CRDs
    await expect(loadFromUpstream(cso)).rejects.toThrow(
      `${CSO_URL}: missing CustomResourceDefinition(s) clusteraddons.clusterstack.x-k8s.io, clusterstackreleases.clusterstack.x-k8s.io`,
    );
  });
});

describe('loadFromDirectory', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'import-crds-load-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reads <dir>/<release id>/<group>_<plural>.yaml and reports files that are not pinned', async () => {
    // GIVEN a folder laid out like config/crd/bases with one extra CRD file
    const folder = path.join(dir, cso.id);
    await fs.mkdir(folder);
    for (const name of crdNames(cso)) await fs.writeFile(path.join(folder, crdFileName(name)), crdYaml(name));
    await fs.writeFile(
      path.join(folder, 'clusterstack.x-k8s.io_extras.yaml'),
      crdYaml('extras.clusterstack.x-k8s.io'),
    );

    // WHEN the release is loaded from it
    const { crds, ignoredFiles } = await loadFromDirectory(cso, dir);

    // THEN the pinned CRDs are read and the extra file is reported
    expect([...crds.keys()]).toEqual(crdNames(cso));
    expect(ignoredFiles).toEqual(['clusterstack.x-k8s.io_extras.yaml']);
  });

  it('names the folder and the missing CRDs', async () => {
    // GIVEN a release folder with one CRD file only
    const folder = path.join(dir, cso.id);
    await fs.mkdir(folder);
    await fs.writeFile(
      path.join(folder, 'clusterstack.x-k8s.io_clusterstacks.yaml'),
      crdYaml('clusterstacks.clusterstack.x-k8s.io'),
    );

    // WHEN / THEN loading fails with the folder and the two missing names
    await expect(loadFromDirectory(cso, dir)).rejects.toThrow(
      `${folder}: missing CustomResourceDefinition(s) clusteraddons.clusterstack.x-k8s.io, clusterstackreleases.clusterstack.x-k8s.io`,
    );
  });
});
