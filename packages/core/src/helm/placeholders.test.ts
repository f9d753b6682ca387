import { helmValue, toHelmTemplate, versionedObjectName } from './placeholders';

describe('Helm escaping', () => {
  test('GIVEN CAPI Go templates in any YAML quoting WHEN made a Helm template THEN Helm prints them literally', () => {
    const yaml = `a: '{{ ne .x "" }}'\nb: "{{ .y }}"\nc: |\n  key: {{ .z }}\n`;
    expect(toHelmTemplate(yaml)).toBe(
      `a: '{{ "{{" }} ne .x "" {{ "}}" }}'\nb: "{{ "{{" }} .y {{ "}}" }}"\nc: |\n  key: {{ "{{" }} .z {{ "}}" }}\n`,
    );
  });

  test('GIVEN the release placeholders WHEN made a Helm template THEN they become Helm built-ins', () => {
    expect(
      toHelmTemplate(`name: ${versionedObjectName('cluster')}\nnamespace: __HELM_RELEASE_NAMESPACE__\n`),
    ).toBe('name: {{ .Release.Name }}-{{ .Chart.Version }}-cluster\nnamespace: {{ .Release.Namespace }}\n');
  });

  test('GIVEN a values placeholder as a whole scalar or inside a string THEN types are kept or the value inlined', () => {
    expect(
      toHelmTemplate(`env: ${helmValue('kindnet.podSubnet')}\nargs:\n  - --cidr=${helmValue('cidr')}\n`),
    ).toBe('env: {{ .Values.kindnet.podSubnet | toJson }}\nargs:\n  - --cidr={{ .Values.cidr }}\n');
  });

  test('GIVEN a values path that is not dotted identifiers THEN it is refused', () => {
    expect(() => helmValue('a-b')).toThrow(
      'helmValue: path "a-b" must be dotted identifiers such as "kindnet.podSubnet"',
    );
  });
});
