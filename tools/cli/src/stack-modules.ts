/**
 * The modules a compiled stack shares with the CLI when it runs from the tools bundle (tools/cli/bin/bundles.cjs):
 * the construct packages and the libraries they build on, by import name, so that a stack's constructs are the
 * classes the CLI checks them against. Empty when the CLI runs from its TypeScript sources.
 */
const shared = new Map<string, () => unknown>();

/** Called once by the bundle's entry with a loader of each module it shares. */
export function registerSharedModules(loaders: Readonly<Record<string, () => unknown>>): void {
  for (const [name, load] of Object.entries(loaders)) shared.set(name, load);
}

/** True when the CLI runs from the bundle. */
export function runsCompiled(): boolean {
  return shared.size > 0;
}

/** The bundle's instance of a module, or undefined when the bundle does not share it. */
export function sharedModule(name: string): unknown {
  return shared.get(name)?.();
}
