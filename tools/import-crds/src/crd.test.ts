import { type Crd, parseCrds, selectVersion, servedVersions, usableVersions } from './crd';

function crd(versions: Crd['spec']['versions']): Crd {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, versions },
  };
}

const schema = { openAPIV3Schema: { type: 'object' } };

describe('usableVersions', () => {
  it('keeps served, non-deprecated versions and puts the wanted one first', () => {
    // GIVEN a CRD listing a dead version, a deprecated one and two usable ones, the wanted one last
    const widget = crd([
      { name: 'v1alpha3', served: false, storage: false, deprecated: true, schema },
      { name: 'v1alpha4', served: true, storage: false, deprecated: true, schema },
      { name: 'v1beta1', served: true, storage: false, schema },
      { name: 'v1beta2', served: true, storage: true, schema },
    ]);

    // WHEN the usable versions are listed for v1beta2
    const names = usableVersions(widget, 'v1beta2').map((v) => v.name);

    // THEN only the served, non-deprecated versions remain, v1beta2 first
    expect(names).toEqual(['v1beta2', 'v1beta1']);
  });
});

describe('selectVersion', () => {
  it('reduces the CRD to the wanted version and explains every dropped one', () => {
    // GIVEN a CRD whose first listed versions are not served or deprecated
    const widget = crd([
      { name: 'v1alpha3', served: false, storage: false, deprecated: true, schema },
      { name: 'v1alpha4', served: true, storage: false, deprecated: true, schema },
      { name: 'v1beta1', served: true, storage: true, schema },
      { name: 'v1beta2', served: true, storage: false, schema },
    ]);

    // WHEN v1beta1 is selected
    const selection = selectVersion(widget, 'v1beta1');

    // THEN only v1beta1 is left (so cdk8s gives it the plain class name) and the input is unchanged
    expect(selection.crd?.spec.versions.map((v) => v.name)).toEqual(['v1beta1']);
    expect(selection.crd?.spec.group).toBe('example.com');
    expect(widget.spec.versions).toHaveLength(4);
    expect(selection.decisions).toEqual([
      { version: 'v1alpha3', kept: false, reason: 'not served' },
      { version: 'v1alpha4', kept: false, reason: 'deprecated' },
      { version: 'v1beta1', kept: true, reason: 'wanted' },
      { version: 'v1beta2', kept: false, reason: 'not the wanted version' },
    ]);
  });

  it('selects nothing when the wanted version is served only as deprecated', () => {
    // GIVEN a CRD whose wanted version is served but deprecated (CAPD v1.14 Docker*Template v1beta2)
    const widget = crd([
      { name: 'v1beta1', served: true, storage: false, deprecated: true, schema },
      { name: 'v1beta2', served: true, storage: true, deprecated: true, schema },
    ]);

    // WHEN v1beta2 is selected
    const selection = selectVersion(widget, 'v1beta2');

    // THEN no CRD is returned and both versions are reported as deprecated
    expect(selection.crd).toBeUndefined();
    expect(selection.decisions).toEqual([
      { version: 'v1beta1', kept: false, reason: 'deprecated' },
      { version: 'v1beta2', kept: false, reason: 'deprecated' },
    ]);
  });

  it('selects nothing when the wanted version does not exist', () => {
    // GIVEN a CRD with only v1alpha1
    const widget = crd([{ name: 'v1alpha1', served: true, storage: true, schema }]);

    // WHEN v1beta1 is selected
    const selection = selectVersion(widget, 'v1beta1');

    // THEN nothing is selected
    expect(selection.crd).toBeUndefined();
    expect(selection.decisions).toEqual([
      { version: 'v1alpha1', kept: false, reason: 'not the wanted version' },
    ]);
  });
});

describe('servedVersions', () => {
  it('includes deprecated served versions (they still get a JSON schema)', () => {
    // GIVEN a CRD with an unserved, a deprecated served and a current version
    const widget = crd([
      { name: 'v1alpha4', served: false, storage: false, deprecated: true, schema },
      { name: 'v1beta1', served: true, storage: false, deprecated: true, schema },
      { name: 'v1beta2', served: true, storage: true, schema },
    ]);

    // WHEN the served versions are listed
    const names = servedVersions(widget).map((v) => v.name);

    // THEN both served versions are listed
    expect(names).toEqual(['v1beta1', 'v1beta2']);
  });
});

describe('parseCrds', () => {
  it('picks the CustomResourceDefinitions of a components file by metadata.name', () => {
    // GIVEN a components file with a Namespace, a CRD and a Deployment
    const text = [
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: capi-system',
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n' +
        'spec:\n  group: example.com\n  names:\n    kind: Widget\n    plural: widgets\n  versions:\n  - name: v1\n    served: true\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: manager',
    ].join('\n---\n');

    // WHEN it is parsed
    const crds = parseCrds(text, 'components.yaml');

    // THEN only the CRD is returned, keyed by its name
    expect([...crds.keys()]).toEqual(['widgets.example.com']);
    expect(crds.get('widgets.example.com')?.spec.names.kind).toBe('Widget');
  });

  it('rejects a CRD that appears twice', () => {
    // GIVEN the same CRD twice
    const doc =
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n' +
      'spec:\n  group: example.com\n  names:\n    kind: Widget\n    plural: widgets\n  versions: []\n';

    // WHEN it is parsed THEN the error names the origin and the CRD
    expect(() => parseCrds(`${doc}---\n${doc}`, 'bundle.yaml')).toThrow(
      'bundle.yaml: CustomResourceDefinition widgets.example.com appears twice',
    );
  });
});
