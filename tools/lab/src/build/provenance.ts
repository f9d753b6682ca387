// dist/lab/provenance.json: every image and binary of the lab's world with its source, digest
// and build time.
import type { BuiltComponent } from './world';

export interface Provenance {
  readonly generatedAt: string;
  readonly engine: { readonly serverVersion: string; readonly runcShim: boolean };
  readonly components: readonly {
    readonly id: string;
    readonly title: string;
    readonly outcome: 'built' | 'reused' | 'supplied';
    readonly cacheKey: string;
    readonly sources: readonly string[];
    readonly pins: Readonly<Record<string, string>>;
    /** Seconds of the build that made the entry, and seconds this run spent. */
    readonly buildSeconds: number;
    readonly secondsThisRun: number;
    readonly builtAt: string;
    readonly binaries: Readonly<Record<string, string>>;
    readonly images: Readonly<Record<string, string>>;
  }[];
}

export function provenance(
  built: readonly BuiltComponent[],
  engine: Provenance['engine'],
  now: Date,
): Provenance {
  return {
    generatedAt: now.toISOString(),
    engine,
    components: built.map((b) => ({
      id: b.component.id,
      title: b.component.title,
      outcome: b.outcome,
      cacheKey: b.meta.key,
      sources: b.meta.sources,
      pins: b.meta.inputs.pins,
      buildSeconds: b.meta.buildSeconds,
      secondsThisRun: Math.round(b.seconds * 10) / 10,
      builtAt: b.meta.builtAt,
      binaries: Object.fromEntries(
        Object.entries(b.meta.files)
          .filter(([f]) => f.startsWith('bin/'))
          .map(([f, sha]) => [f.slice(4), `sha256:${sha}`]),
      ),
      images: b.meta.images,
    })),
  };
}
