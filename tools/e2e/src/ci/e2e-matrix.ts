import { previousMinor } from './stack-names';

export interface MatrixInput {
  /** Stacks whose release this change affects. */
  readonly affected: readonly string[];
  /** Every stack at the head commit. */
  readonly all: readonly string[];
  /** Test every stack, not only the affected ones (schedule, manual run, or a change to the e2e tooling). */
  readonly runAll: boolean;
  /**
   * The commit upgrades start from: the pull request's base or the previous head of the branch. Without one, the
   * previous minor's stack of the head commit is the upgrade source.
   */
  readonly base?: string;
  /** Commit under test. */
  readonly head: string;
  /** The stacks that exist at `base`. */
  readonly stacksAtBase: readonly string[];
}

export interface MatrixEntry {
  /** Job name shown in the GitHub UI. */
  readonly name: string;
  readonly stack: string;
  readonly scenario: 'create' | 'upgrade';
  /** Upgrade source: the stack to build … */
  readonly 'from-stack'?: string;
  /** … at this commit. */
  readonly 'from-ref'?: string;
}

function short(ref: string): string {
  return /^[0-9a-f]{40}$/.test(ref) ? ref.slice(0, 7) : ref;
}

/**
 * The e2e jobs of a change: for each stack under test a fresh Cluster; an upgrade from the same stack's build at
 * the base commit when the change affects the stack (a stack it does not affect builds the same release at both
 * ends); and a minor upgrade from the previous minor's stack (at the base commit when there is one).
 */
export function e2eMatrix(input: MatrixInput): { include: MatrixEntry[] } {
  const stacks = [
    ...new Set(input.runAll ? input.all : input.affected.filter((s) => input.all.includes(s))),
  ].sort();
  const include: MatrixEntry[] = [];
  for (const stack of stacks) {
    include.push({ name: `${stack} create`, stack, scenario: 'create' });
    if (input.base && input.affected.includes(stack) && input.stacksAtBase.includes(stack)) {
      include.push({
        name: `${stack} upgrade from ${stack}@${short(input.base)}`,
        stack,
        scenario: 'upgrade',
        'from-stack': stack,
        'from-ref': input.base,
      });
    }
    const previous = previousMinor(stack);
    const source = input.base
      ? input.stacksAtBase.includes(previous ?? '')
        ? input.base
        : undefined
      : input.all.includes(previous ?? '')
        ? input.head
        : undefined;
    if (previous && source) {
      include.push({
        name: `${stack} upgrade from ${previous}@${short(source)}`,
        stack,
        scenario: 'upgrade',
        'from-stack': previous,
        'from-ref': source,
      });
    }
  }
  return { include };
}
