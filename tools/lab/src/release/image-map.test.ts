import { applyImageMap, parseReference, planImageMap, referencedImages } from './image-map';

const NODE = 'kindest/node:v1.35.1@sha256:05d7bcdefbda08b4e038f644c4df690cdac3fba8b06f8289f30e10026720a1ab';
const APPROVER =
  'ghcr.io/postfinance/kubelet-csr-approver:v1.2.14@sha256:c0f6aa1abdc225a32f9a29992fd97f711e78e2df21434f9ce7bc60981f96a5f8';

const release = new Map([
  ['node-images/node-images.yaml', `images:\n  - image: ${NODE}\n    kubernetesVersion: v1.35.1\n`],
  [
    'cluster-class/templates/clusterclass.yaml',
    [
      `template: '{{ .nodeImageRepository }}:{{ default (get (dict "v1.35.1" "v1.35.1@sha256:05d7bcdefbda08b4e038f644c4df690cdac3fba8b06f8289f30e10026720a1ab") .v) }}'`,
      '          default: kindest/node',
      '          description: Repository of the kindest/node images the machines run.',
      '          example: registry.example.com/docker.io/kindest/node',
      '',
    ].join('\n'),
  ],
  ['cluster-addon/approver/templates/deployment.yaml', `        - image: ${APPROVER}\n`],
  [
    'cluster-addon/metrics/templates/deployment.yaml',
    `          image: registry.k8s.io/metrics-server/metrics-server:v0.8.1\n`,
  ],
]);

describe('image references', () => {
  it('GIVEN references with and without tags, digests and ports WHEN parsed THEN repository, tag and digest are split', () => {
    expect(parseReference(NODE)).toEqual({
      repository: 'kindest/node',
      tag: 'v1.35.1',
      digest: 'sha256:05d7bcdefbda08b4e038f644c4df690cdac3fba8b06f8289f30e10026720a1ab',
    });
    expect(parseReference('localhost:5000/a/b')).toEqual({
      repository: 'localhost:5000/a/b',
      tag: undefined,
      digest: undefined,
    });
    expect(parseReference('localhost:5000/a/b:1')).toEqual({
      repository: 'localhost:5000/a/b',
      tag: '1',
      digest: undefined,
    });
  });

  it('GIVEN a synthesized release WHEN its images are listed THEN node, addon and list-item images are found once each', () => {
    expect(referencedImages(release)).toEqual(
      [APPROVER, NODE, 'registry.k8s.io/metrics-server/metrics-server:v0.8.1'].sort(),
    );
  });
});

describe('planning the image map', () => {
  const available = [
    { ref: 'cslab/node:v1.35.1', origin: 'built' as const },
    { ref: 'cslab/metrics-server:v0.8.1', origin: 'built' as const },
    { ref: 'ghcr.io/postfinance/kubelet-csr-approver:v1.2.14', origin: 'supplied' as const },
  ];

  it('GIVEN lab images for every reference WHEN planned THEN each upstream reference maps to its lab image', () => {
    expect(planImageMap(referencedImages(release), available)).toEqual([
      { upstream: APPROVER, lab: 'ghcr.io/postfinance/kubelet-csr-approver:v1.2.14', origin: 'supplied' },
      { upstream: NODE, lab: 'cslab/node:v1.35.1', origin: 'built' },
      {
        upstream: 'registry.k8s.io/metrics-server/metrics-server:v0.8.1',
        lab: 'cslab/metrics-server:v0.8.1',
        origin: 'built',
      },
    ]);
  });

  it('GIVEN no lab image for the approver WHEN planned THEN the error names it and says how to supply it', () => {
    expect(() => planImageMap(referencedImages(release), available.slice(0, 2))).toThrow(
      `no lab image for ${APPROVER}: build it, or supply an archive made with "docker save <repository>:<tag>" in --supplied`,
    );
  });

  it('GIVEN a lab image of another tag WHEN planned THEN it is not taken', () => {
    expect(() =>
      planImageMap(
        ['registry.k8s.io/metrics-server/metrics-server:v0.8.1'],
        [{ ref: 'cslab/metrics-server:v0.8.0', origin: 'built' }],
      ),
    ).toThrow('no lab image for registry.k8s.io/metrics-server/metrics-server:v0.8.1');
  });
});

describe('applying the image map', () => {
  const entries = [
    { upstream: NODE, lab: 'cslab/node:v1.35.1', origin: 'built' as const },
    { upstream: APPROVER, lab: 'cslab/kubelet-csr-approver:v1.2.14', origin: 'supplied' as const },
  ];

  it('GIVEN the map WHEN applied THEN whole references, the tag@digest part and the repository default are rewritten and counted', () => {
    const { files, applied } = applyImageMap(release, entries);
    expect(files.get('node-images/node-images.yaml')).toBe(
      'images:\n  - image: cslab/node:v1.35.1\n    kubernetesVersion: v1.35.1\n',
    );
    expect(files.get('cluster-class/templates/clusterclass.yaml')).toBe(
      [
        `template: '{{ .nodeImageRepository }}:{{ default (get (dict "v1.35.1" "v1.35.1") .v) }}'`,
        '          default: cslab/node',
        '          description: Repository of the kindest/node images the machines run.',
        '          example: registry.example.com/docker.io/kindest/node',
        '',
      ].join('\n'),
    );
    expect(files.get('cluster-addon/approver/templates/deployment.yaml')).toBe(
      '        - image: cslab/kubelet-csr-approver:v1.2.14\n',
    );
    expect(applied.map((a) => [a.upstream, a.occurrences])).toEqual([
      [NODE, 3],
      [APPROVER, 1],
    ]);
  });

  it('GIVEN a map entry for an image the release does not use WHEN applied THEN it is refused as a disagreement', () => {
    expect(() =>
      applyImageMap(release, [{ upstream: 'quay.io/x/y:1', lab: 'cslab/y:1', origin: 'built' }]),
    ).toThrow('image map entry quay.io/x/y:1 → cslab/y:1 matches nothing in the release');
  });

  it('GIVEN the shipped files WHEN the map is applied THEN they are left as they were', () => {
    const before = new Map(release);
    applyImageMap(release, entries);
    expect(release).toEqual(before);
  });
});
