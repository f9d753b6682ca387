// The lab's build cache: one folder per component and cache key, outside the clone.
//
// A key is the sha256 of everything a component's output depends on: its recipe revision, the
// pins it reads, the content of the lab files it runs and the keys of the components it is made
// from. An entry is complete only once its meta.json exists; it is built in a hidden temporary
// sibling and renamed into place, so an interrupted build is never mistaken for a result.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KeyInputs {
  /** Component id, such as kubernetes-v1.35.1. */
  readonly id: string;
  /** Bumped by hand when a recipe changes in a way its inputs do not show. */
  readonly recipe: number;
  /** Pin values the component reads, by pin name. */
  readonly pins: Readonly<Record<string, string>>;
  /** sha256 of the lab files the recipe runs, by repository path. */
  readonly files: Readonly<Record<string, string>>;
  /** Keys of the components this one is made from, by id. */
  readonly deps: Readonly<Record<string, string>>;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The cache key of a component: 16 hex digits of the sha256 of its canonical inputs. */
export function cacheKey(inputs: KeyInputs): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(inputs)))
    .digest('hex')
    .slice(0, 16);
}

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** What a complete entry records about itself. */
export interface EntryMeta {
  readonly id: string;
  readonly key: string;
  readonly inputs: KeyInputs;
  /** Wall seconds the build took when it was made. */
  readonly buildSeconds: number;
  readonly builtAt: string;
  /** Files of the entry with their sha256, by name relative to the entry. */
  readonly files: Readonly<Record<string, string>>;
  /** Docker images the entry made: reference → image id. */
  readonly images: Readonly<Record<string, string>>;
  /** Where the entry came from: module@version list, Debian suite, supplied archive… */
  readonly sources: readonly string[];
}

export class BuildCache {
  constructor(readonly root: string) {}

  dir(id: string, key: string): string {
    return join(this.root, id, key);
  }

  /** The meta of a complete entry, or undefined. */
  lookup(id: string, key: string): EntryMeta | undefined {
    const meta = join(this.dir(id, key), 'meta.json');
    if (!existsSync(meta)) return undefined;
    return JSON.parse(readFileSync(meta, 'utf8')) as EntryMeta;
  }

  /** Removes temporary folders that an interrupted build of this component left behind. */
  removeStale(id: string): string[] {
    const parent = join(this.root, id);
    if (!existsSync(parent)) return [];
    const stale = readdirSync(parent).filter((name) => name.startsWith('.tmp-'));
    for (const name of stale) rmSync(join(parent, name), { recursive: true, force: true });
    return stale;
  }

  /** A fresh temporary folder for building an entry. */
  begin(id: string, key: string): string {
    const tmp = join(this.root, id, `.tmp-${key}-${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    return tmp;
  }

  /** Writes meta.json into the temporary folder and renames it into place. */
  commit(tmp: string, meta: EntryMeta): EntryMeta {
    writeFileSync(join(tmp, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
    const final = this.dir(meta.id, meta.key);
    rmSync(final, { recursive: true, force: true });
    renameSync(tmp, final);
    return meta;
  }
}
