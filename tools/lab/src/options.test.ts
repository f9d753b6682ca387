import { parseOptions } from './options';
import { labMinors, selectMinors } from './recipes/minors';
import { Pins } from './pins';
import { kubernetesBinaries } from './recipes/kubernetes';

describe('lab options', () => {
  const table = { minors: 'list', supplied: 'path', debug: 'flag', runs: 'int' } as const;

  it('GIVEN both option forms WHEN parsed THEN lists, paths, flags and numbers are typed', () => {
    expect(parseOptions(['--minors', '1-34,1-35', '--supplied=/a', '--debug', '--runs', '3'], table)).toEqual(
      {
        minors: ['1-34', '1-35'],
        supplied: '/a',
        debug: true,
        runs: 3,
      },
    );
  });

  it.each([
    [['--minor', '1-35'], 'unknown option --minor; known: --minors, --supplied, --debug, --runs'],
    [['--minors'], '--minors needs a value (list)'],
    [['--runs', 'abc'], '--runs must be a whole number, got "abc"'],
    [['--debug=yes'], '--debug takes no value'],
    [['1-35'], 'unexpected argument "1-35"; options start with --'],
  ])('GIVEN %j WHEN parsed THEN the error is exact', (args, message) => {
    expect(() => parseOptions(args, table)).toThrow(message);
  });
});

describe('lab minors', () => {
  const pins = Pins.parse(
    [
      'LAB_K8S_1_34=v1.34.3',
      'LAB_K8S_1_35=v1.35.1',
      'LAB_ETCD_1_34=3.6.5-0',
      'LAB_ETCD_1_35=3.6.6-0',
      'LAB_COREDNS_1_34=v1.12.1',
      'LAB_COREDNS_1_35=v1.13.1',
      'LAB_PAUSE_1_34=3.10.1',
      'LAB_PAUSE_1_35=3.10.1',
    ].join('\n'),
  );

  it('GIVEN pins for two minors WHEN read THEN each minor has its patch and the tags kubeadm asks for', () => {
    expect(labMinors(pins)).toEqual([
      { minor: '1-34', patch: 'v1.34.3', etcdTag: '3.6.5-0', corednsTag: 'v1.12.1', pauseTag: '3.10.1' },
      { minor: '1-35', patch: 'v1.35.1', etcdTag: '3.6.6-0', corednsTag: 'v1.13.1', pauseTag: '3.10.1' },
    ]);
  });

  it('GIVEN staging substitutes pinned for a minor WHEN its Kubernetes component is made THEN they are an input, named in the title and the sources', () => {
    // GIVEN
    const substituted = Pins.parse(
      [
        'LAB_K8S_1_33=v1.33.7',
        'LAB_ETCD_1_33=3.5.24-0',
        'LAB_COREDNS_1_33=v1.12.0',
        'LAB_PAUSE_1_33=3.10',
        'LAB_K8S_STAGING_SUBSTITUTES_1_33=k8s.io/endpointslice@v0.33.12',
      ].join('\n'),
    );

    // WHEN
    const [minor] = labMinors(substituted);
    const component = kubernetesBinaries(minor!);

    // THEN
    expect(minor!.stagingSubstitutes).toBe('k8s.io/endpointslice@v0.33.12');
    expect(component.pins).toEqual(['LAB_K8S_1_33', 'LAB_K8S_STAGING_SUBSTITUTES_1_33']);
    expect(component.title).toBe(
      'Kubernetes v1.33.7 (kubeadm, kubelet, kubectl, kube-apiserver, kube-controller-manager, kube-scheduler, kube-proxy), with staging modules k8s.io/endpointslice@v0.33.12',
    );
    expect(kubernetesBinaries(labMinors(pins)[0]!).pins).toEqual(['LAB_K8S_1_34']);
  });

  it('GIVEN an unpinned minor WHEN selected THEN the error lists the pinned ones', () => {
    expect(() => selectMinors(labMinors(pins), ['1-37'])).toThrow(
      '--minors: 1-37 is not pinned for the lab; pinned: 1-34, 1-35 (LAB_K8S_1_* in tools/toolchain/pins.env)',
    );
  });

  it('GIVEN a patch pin of another minor WHEN read THEN it is refused', () => {
    expect(() => labMinors(Pins.parse('LAB_K8S_1_35=v1.34.3'))).toThrow(
      'tools/toolchain/pins.env: LAB_K8S_1_35=v1.34.3 must be a v1.35.<patch> release',
    );
  });

  it('GIVEN a minor without its etcd pin WHEN read THEN the missing pin is named', () => {
    expect(() => labMinors(Pins.parse('LAB_K8S_1_35=v1.35.1'))).toThrow(
      'tools/toolchain/pins.env has no value for LAB_ETCD_1_35; add the pin (see the LAB_ section)',
    );
  });

  it('GIVEN the committed pins WHEN read THEN every docker stack minor 1.33 to 1.36 is pinned', () => {
    expect(labMinors(Pins.load()).map((m) => m.patch)).toEqual(['v1.33.7', 'v1.34.3', 'v1.35.1', 'v1.36.1']);
  });
});
