import { vars } from './expressions';
import { goTemplate, literalText } from './go-template';

const v = vars<{ imageIsOrc: boolean; mirrors: { host: string }[] }>();

describe('goTemplate', () => {
  test('GIVEN control structures around references WHEN rendered THEN references are bare pipelines and recorded', () => {
    const text = goTemplate`{{ if ${v.ref('imageIsOrc')} }}imageRef{{ else }}filter{{ end }}{{ range ${v.ref('mirrors')} }}{{ .host }}{{ end }}`;
    expect(text.text).toBe(
      '{{ if .imageIsOrc }}imageRef{{ else }}filter{{ end }}{{ range .mirrors }}{{ .host }}{{ end }}',
    );
    expect(text.refs.map((r) => r.variableName)).toEqual(['imageIsOrc', 'mirrors']);
  });

  test('GIVEN cloud-init template text WHEN made literal THEN CAPI prints the braces instead of evaluating them', () => {
    expect(literalText('name: {{ local_hostname }}')).toBe('name: {{ "{{" }} local_hostname }}');
  });
});
