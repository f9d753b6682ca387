// What a component of the lab's world is: a recipe with declared inputs, and its build.
import type { Pins } from '../pins';
import type { EntryMeta } from './cache';

export interface BuildContext {
  /** The entry's temporary folder: everything the component keeps goes here. */
  readonly out: string;
  /** A scratch folder kept between builds of this component (Go wrapper modules). */
  readonly work: string;
  /** The build log of this component. */
  readonly log: string;
  /** The component's cache key (images carry it as a label). */
  readonly key: string;
  readonly pins: Pins;
  /** A dependency's complete entry: its folder and meta. */
  dep(id: string): { readonly dir: string; readonly meta: EntryMeta };
  /** Absolute path of a file of the lab's sources (tools/lab/...). */
  labFile(rel: string): string;
}

export interface BuildOutput {
  /** Docker images made: reference → image id. */
  readonly images?: Readonly<Record<string, string>>;
  /** Where it came from: module@version, Debian suite, archive name. */
  readonly sources: readonly string[];
}

export type ComponentKind = 'binaries' | 'image' | 'manifests';

export interface Component {
  readonly id: string;
  readonly kind: ComponentKind;
  /** Human summary for progress lines and the provenance report. */
  readonly title: string;
  /** Bump when the recipe changes in a way its inputs do not show. */
  readonly recipe: number;
  /** Pin names whose values key the cache. */
  readonly pins: readonly string[];
  /** Lab source files (relative to tools/lab) the recipe runs; their content keys the cache. */
  readonly files: readonly string[];
  /** Components this one is made from. */
  readonly deps: readonly string[];
  /** Other inputs that key the cache (such as the digests of supplied archives), by name. */
  readonly extraInputs?: Readonly<Record<string, string>>;
  build(ctx: BuildContext): Promise<BuildOutput>;
}
