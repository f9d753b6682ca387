import { VariableSchema } from '@cluster-stacks/core';
import { StackSummary } from './summary';

/** A change that can break Clusters moving to the new release. `key` is what a stack acknowledges. */
export interface BreakingChange {
  readonly key: string;
  readonly message: string;
}

function json(value: unknown): string {
  return JSON.stringify(value);
}

/** Ways a schema got narrower: fewer accepted values than before. */
function narrowing(path: string, before: VariableSchema, after: VariableSchema): string[] {
  const found: string[] = [];
  if (before.type !== after.type && !(before.type === 'integer' && after.type === 'number'))
    found.push(`${path}: type ${before.type} → ${after.type}`);
  if (
    after.enum &&
    (!before.enum || before.enum.some((v) => !after.enum!.some((w) => json(w) === json(v))))
  ) {
    found.push(`${path}: allowed values ${before.enum ? json(before.enum) : 'any'} → ${json(after.enum)}`);
  }
  for (const bound of ['minimum', 'minLength', 'minItems'] as const) {
    if (after[bound] !== undefined && (before[bound] === undefined || after[bound]! > before[bound]!))
      found.push(`${path}: ${bound} ${before[bound] ?? 'none'} → ${after[bound]}`);
  }
  for (const bound of ['maximum', 'maxLength', 'maxItems'] as const) {
    if (after[bound] !== undefined && (before[bound] === undefined || after[bound]! < before[bound]!))
      found.push(`${path}: ${bound} ${before[bound] ?? 'none'} → ${after[bound]}`);
  }
  if (after.pattern !== before.pattern && after.pattern !== undefined)
    found.push(`${path}: pattern ${before.pattern ?? 'none'} → ${after.pattern}`);
  if (after.format !== before.format && after.format !== undefined)
    found.push(`${path}: format ${before.format ?? 'none'} → ${after.format}`);
  // A CEL rule that was not there before can refuse values that were accepted.
  const beforeRules = (before['x-kubernetes-validations'] ?? []).map((r) => r.rule);
  for (const rule of after['x-kubernetes-validations'] ?? [])
    if (!beforeRules.includes(rule.rule)) found.push(`${path}: new rule ${rule.rule}`);
  const newlyRequired = (after.required ?? []).filter((r) => !(before.required ?? []).includes(r));
  if (newlyRequired.length > 0) found.push(`${path}: newly required ${newlyRequired.join(', ')}`);
  for (const [name, schema] of Object.entries(before.properties ?? {})) {
    const next = after.properties?.[name];
    if (!next) found.push(`${path}.${name}: removed`);
    else found.push(...narrowing(`${path}.${name}`, schema, next));
  }
  if (before.items && after.items) found.push(...narrowing(`${path}[]`, before.items, after.items));
  return found;
}

/** Defaults that differ, at any depth: they change Clusters that rely on them. */
function defaultChanges(path: string, before: VariableSchema, after: VariableSchema): string[] {
  const found =
    json(before.default) === json(after.default)
      ? []
      : [`${path}: default ${json(before.default)} → ${json(after.default)}`];
  for (const [name, schema] of Object.entries(before.properties ?? {})) {
    const next = after.properties?.[name];
    if (next) found.push(...defaultChanges(`${path}.${name}`, schema, next));
  }
  return found;
}

/**
 * Recorded behaviour that changed, or is recorded for the first time (the release before did not say what it
 * did, so Clusters moving over may notice a difference).
 */
function behaviourChanges(before: StackSummary, after: StackSummary): BreakingChange[] {
  return Object.entries(after.behaviour ?? {})
    .filter(([key, now]) => before.behaviour?.[key] !== now)
    .map(([key, now]) => ({
      key: `behaviour:${key}`,
      message: `behaviour ${key} changed: ${before.behaviour?.[key] ?? '(not recorded)'} → ${now}`,
    }));
}

/**
 * The breaking changes from one release to the next: removed variables, narrowed types, variables that
 * became required, changed defaults (which alter existing Clusters when they move to the new class), and
 * changed behaviour the stack records.
 */
export function breakingChanges(before: StackSummary, after: StackSummary): BreakingChange[] {
  const changes: BreakingChange[] = [];
  for (const [name, old] of Object.entries(before.variables)) {
    const next = after.variables[name];
    if (!next) {
      changes.push({ key: `removed:${name}`, message: `variable ${name} was removed` });
      continue;
    }
    if (!old.required && next.required)
      changes.push({ key: `required:${name}`, message: `variable ${name} became required` });
    const narrowed = narrowing(name, old.schema, next.schema);
    if (narrowed.length > 0)
      changes.push({
        key: `narrowed:${name}`,
        message: `variable ${name} accepts less: ${narrowed.join('; ')}`,
      });
    const defaults = defaultChanges(name, old.schema, next.schema);
    if (defaults.length > 0)
      changes.push({
        key: `default:${name}`,
        message: `variable ${name} changed its default: ${defaults.join('; ')}`,
      });
  }
  for (const [name, next] of Object.entries(after.variables)) {
    if (!before.variables[name] && next.required && next.schema.default === undefined) {
      changes.push({
        key: `required:${name}`,
        message: `new variable ${name} is required and has no default`,
      });
    }
  }
  changes.push(...behaviourChanges(before, after));
  return changes;
}
