import { builtin, fn, template, vars } from './expressions';

interface Vars {
  imageRepository: string;
  pss: { enabled: boolean; enforce: string };
  sans: string[];
}
const v = vars<Vars>();

describe('typed template expressions', () => {
  test('GIVEN a comparison WHEN rendered THEN it is a CAPI enabledIf template with quoted literals', () => {
    expect(fn.ne(v.ref('imageRepository'), '').toTemplate()).toBe('{{ ne .imageRepository "" }}');
  });

  test('GIVEN nested calls WHEN rendered THEN arguments that are calls get parentheses', () => {
    const image = fn
      .get(fn.dict({ 'v1.35.1': 'a', 'v1.34.3': 'b' }), builtin.controlPlane.version)
      .orDefault(builtin.controlPlane.version.replace('+', '_'));
    expect(image.toTemplate()).toBe(
      '{{ default (replace "+" "_" .builtin.controlPlane.version) (get (dict "v1.34.3" "b" "v1.35.1" "a") .builtin.controlPlane.version) }}',
    );
  });

  test('GIVEN a field of an object variable THEN the path is dotted and the top-level variable is known', () => {
    const ref = v.ref('pss').field('enforce');
    expect([ref.toTemplate(), ref.variableName, ref.variablePath]).toEqual([
      '{{ .pss.enforce }}',
      'pss',
      'pss.enforce',
    ]);
  });

  test('GIVEN a tagged template THEN text and expressions interleave and references are collected', () => {
    const text = template`image: ${v.ref('imageRepository')}/etcd, sans: ${fn.concat(fn.list('localhost'), v.ref('sans')).toJson()}`;
    expect(text.text).toBe(
      'image: {{ .imageRepository }}/etcd, sans: {{ toJson (concat (list "localhost") .sans) }}',
    );
    expect(text.refs.map((r) => r.variableName)).toEqual(['imageRepository', 'sans']);
  });

  test('GIVEN isSet and boolean combinators THEN they render Go template truthiness', () => {
    expect(fn.and(fn.isSet(v.ref('sans')), fn.not(v.ref('pss').field('enabled'))).toTemplate()).toBe(
      '{{ and (not (empty .sans)) (not .pss.enabled) }}',
    );
  });
});
