const NAME_PATTERN = /^[a-z][a-z0-9]*$/;
/** Kubernetes 1.1 to 1.99: no leading zero, at most two digits (1.370 is a typo, not a minor). */
const MINOR_PATTERN = /^1\.[1-9]\d?$|^1-[1-9]\d?$/;

/**
 * Checks a provider or stack name. Release tags are split on `-` by the Cluster Stack Operator, so a name
 * must be a single lowercase word.
 */
export function validateName(prop: 'provider' | 'stack', value: unknown): string {
  if (typeof value !== 'string' || !NAME_PATTERN.test(value)) {
    throw new Error(
      `Invalid ${prop} ${JSON.stringify(value)}: use lowercase letters and digits only, starting with a letter ` +
        `(no "-", no upper case), e.g. ${JSON.stringify(suggestName(value))}. ` +
        `Release tags are split on "-", so a "-" inside the ${prop} would be read as a new name part.`,
    );
  }
  return value;
}

function suggestName(value: unknown): string {
  const suggestion = String(value ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .replace(/^[0-9]+/, '');
  return suggestion || 'scs';
}

/** A Kubernetes minor in the three spellings the workspace uses. */
export interface Minor {
  /** `1.37`: how humans and `ClusterStack.spec.kubernetesVersion` write it. */
  dotted: string;
  /** `1-37`: the project folder and name suffix. */
  dashed: string;
}

/**
 * Parses `1.37` or `1-37`. The Nx command line hands `--minor 1.37` over as the number 1.37, so numbers are
 * accepted too, except where the number has lost a trailing zero (1.40 arrives as 1.4).
 */
export function parseMinor(value: unknown): Minor {
  if (typeof value === 'number') {
    const text = String(value);
    if (/^1\.\d$/.test(text)) {
      throw new Error(
        `Ambiguous minor ${text}: the command line read it as a number, so "1.${text.slice(2)}0" and "${text}" look ` +
          `the same. Pass it with a dash instead, e.g. --minor 1-${text.slice(2)}0.`,
      );
    }
    return parseMinor(text);
  }
  if (typeof value !== 'string' || !MINOR_PATTERN.test(value)) {
    throw new Error(
      `Invalid minor ${JSON.stringify(value)}: give a Kubernetes minor like "1.37" or "1-37" (no patch release, no "v", at most two digits).`,
    );
  }
  const minor = String(Number(value.slice(2)));
  return { dotted: `1.${minor}`, dashed: `1-${minor}` };
}

/** `docker` + `scs` → `dockerScsStack`: the factory a provider package exports for one stack. */
export function stackFactoryName(provider: string, stack: string): string {
  return `${provider}${stack.charAt(0).toUpperCase()}${stack.slice(1)}Stack`;
}

/** `docker` → `@cluster-stacks/provider-docker`. */
export function providerPackageName(provider: string): string {
  return `@cluster-stacks/provider-${provider}`;
}

/** `docker` → `packages/provider-docker`. */
export function providerPackageRoot(provider: string): string {
  return `packages/provider-${provider}`;
}

/** `docker`, `scs` → `providers/docker/scs`: the folder holding one project per Kubernetes minor. */
export function stackFolder(provider: string, stack: string): string {
  return `providers/${provider}/${stack}`;
}

/**
 * The text a flag was given as on the command line (`--minor 1.370` or `--minor=1.370`), because the Nx
 * command line turns numbers into numbers first: 1.370 would arrive as 1.37.
 */
export function rawFlag(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1];
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  return undefined;
}
