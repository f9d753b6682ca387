/**
 * The stack modules compiled into the tools bundle (tools/cli/bin/build.cjs), by project folder. Empty when the
 * CLI runs from its TypeScript sources: then each stack.ts is loaded with `require`.
 */
const compiled = new Map<string, () => unknown>();

/** Called once by the bundle's entry with a loader of every `providers/<p>/<s>/<minor>/stack.ts` it contains. */
export function registerStackModules(loaders: Readonly<Record<string, () => unknown>>): void {
  for (const [root, load] of Object.entries(loaders)) compiled.set(root, load);
}

/** True when the CLI runs from the bundle. */
export function runsCompiled(): boolean {
  return compiled.size > 0;
}

/** The compiled module of a project folder's stack.ts, or undefined when it is not in the bundle. */
export function compiledStackModule(projectRoot: string): unknown {
  return compiled.get(projectRoot)?.();
}
