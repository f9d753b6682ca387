import { Ref, TemplateText } from './expressions';

/**
 * A patch template with control structures (`if`, `range`) around typed references: each interpolated
 * reference is written as its bare pipeline (`.imageIsOrc`, `.builtin.controlPlane.version`), so it can sit
 * inside an action, and is recorded so the ClusterClass checks that its variable is declared.
 *
 * @example goTemplate`{{ if ${v.ref('imageIsOrc')} }}imageRef{{ else }}filter{{ end }}`
 */
export function goTemplate(strings: TemplateStringsArray, ...refs: Ref<unknown>[]): TemplateText {
  const text = strings.reduce(
    (out, part, i) => out + part + (i < refs.length ? refs[i].renderPipeline() : ''),
    '',
  );
  return new TemplateText(text, refs);
}

/**
 * Static text for a patch template: every `{{` becomes an action printing it, so CAPI copies the text as it is
 * (a cloud-init `{{ local_hostname }}`, for instance).
 */
export function literalText(text: string): string {
  return text.replace(/\{\{/g, '{{ "{{" }}');
}
