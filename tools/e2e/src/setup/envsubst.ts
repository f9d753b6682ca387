/**
 * The variable substitution `clusterctl generate yaml` applies to provider manifests, for the forms it accepts:
 * `${NAME}`, and `${NAME:=default}`, `${NAME:-default}` or `${NAME=default}`, whose default replaces an unset or
 * empty variable (as the pinned clusterctl does). A bare `$NAME` or `$(NAME)` is left alone, as clusterctl does.
 */
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:=|:-|=)([^}]*))?\}/g;

export function envsubst(text: string, env: Readonly<Record<string, string | undefined>>): string {
  const missing = new Set<string>();
  const result = text.replace(
    REFERENCE,
    (_match, name: string, operator: string | undefined, fallback: string | undefined) => {
      const value = env[name];
      if (operator !== undefined) return value === undefined || value === '' ? (fallback ?? '') : value;
      if (value === undefined) missing.add(name);
      return value ?? '';
    },
  );
  if (missing.size > 0)
    throw new Error(`variables without a value or default: ${[...missing].sort().join(', ')}`);
  return result;
}
