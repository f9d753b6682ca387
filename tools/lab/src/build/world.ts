// Builds the lab's world: every component in dependency order, each reused from the cache when
// its key is unchanged (and its images are still in the engine), and a provenance record.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '@cluster-stacks/toolchain';
import type { Pins } from '../pins';
import { LabError } from '../util/errors';
import type { Progress } from '../util/progress';
import { labSourceDir } from '../util/paths';
import { BuildCache, cacheKey, sha256File, type EntryMeta, type KeyInputs } from './cache';
import type { Component } from './component';
import { imageId } from './docker';

export interface BuiltComponent {
  readonly component: Component;
  readonly meta: EntryMeta;
  readonly dir: string;
  readonly outcome: 'built' | 'reused' | 'supplied';
  /** Wall seconds this run spent on it (0 when reused). */
  readonly seconds: number;
}

/** Orders components so that each comes after its dependencies; an unknown or cyclic dependency is an error. */
export function buildOrder(components: readonly Component[]): Component[] {
  const byId = new Map(components.map((c) => [c.id, c]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const order: Component[] = [];
  const visit = (c: Component, path: string[]) => {
    if (done.has(c.id)) return;
    if (visiting.has(c.id))
      throw new LabError(`lab components depend on each other in a cycle: ${[...path, c.id].join(' → ')}`);
    visiting.add(c.id);
    for (const d of c.deps) {
      const dep = byId.get(d);
      if (dep === undefined)
        throw new LabError(`lab component ${c.id} depends on ${d}, which is not defined`);
      visit(dep, [...path, c.id]);
    }
    visiting.delete(c.id);
    done.add(c.id);
    order.push(c);
  };
  for (const c of components) visit(c, []);
  return order;
}

/** The key inputs of a component, given the keys of its dependencies. */
export function keyInputs(
  c: Component,
  pins: Pins,
  depKeys: ReadonlyMap<string, string>,
  fileHash: (rel: string) => string,
): KeyInputs {
  return {
    id: c.id,
    recipe: c.recipe,
    pins: Object.fromEntries(c.pins.map((p) => [p, pins.get(p)])),
    files: {
      ...Object.fromEntries(c.files.map((f) => [`tools/lab/${f}`, fileHash(f)])),
      ...Object.fromEntries(Object.entries(c.extraInputs ?? {}).map(([k, v]) => [`input:${k}`, v])),
    },
    deps: Object.fromEntries(c.deps.map((d) => [d, depKeys.get(d)!])),
  };
}

function imagesPresent(meta: EntryMeta): boolean {
  return Object.entries(meta.images).every(([ref, id]) => imageId(ref) === id);
}

export async function buildWorld(
  components: readonly Component[],
  pins: Pins,
  cache: BuildCache,
  progress: Progress,
  options: { readonly reuseOnly?: boolean } = {},
): Promise<BuiltComponent[]> {
  const fileHash = (rel: string) => sha256File(join(labSourceDir(), rel));
  const keys = new Map<string, string>();
  const built = new Map<string, BuiltComponent>();
  const results: BuiltComponent[] = [];
  const logDir = join(cache.root, 'logs');
  mkdirSync(logDir, { recursive: true });
  for (const c of buildOrder(components)) {
    const inputs = keyInputs(c, pins, keys, fileHash);
    const key = cacheKey(inputs);
    keys.set(c.id, key);
    const result = await progress.step(`${c.id}: ${c.title}`, async () => {
      cache.removeStale(c.id);
      const existing = cache.lookup(c.id, key);
      if (existing !== undefined && imagesPresent(existing)) {
        return { outcome: 'reused' as const, meta: existing, detail: `key ${key}` };
      }
      if (options.reuseOnly === true) {
        throw new LabError(
          `${c.id} is not built for the current pins (key ${key}): run npm run lab -- build first`,
        );
      }
      const tmp = cache.begin(c.id, key);
      const log = join(logDir, `${c.id}.log`);
      const started = Date.now();
      const output = await c.build({
        out: tmp,
        work: join(cache.root, 'work', c.id),
        log,
        key,
        pins,
        dep: (id) => {
          const d = built.get(id);
          if (d === undefined)
            throw new LabError(`lab component ${c.id} used ${id} without declaring it as a dependency`);
          return { dir: d.dir, meta: d.meta };
        },
        labFile: (rel) => join(labSourceDir(), rel),
      });
      const files: Record<string, string> = {};
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const full = join(dir, name);
          if (statSync(full).isDirectory()) walk(full);
          else if (statSync(full).size < 2 * 1024 ** 3) files[relative(tmp, full)] = sha256File(full);
        }
      };
      walk(tmp);
      const meta = cache.commit(tmp, {
        id: c.id,
        key,
        inputs,
        buildSeconds: Math.round((Date.now() - started) / 100) / 10,
        builtAt: new Date().toISOString(),
        files,
        images: output.images ?? {},
        sources: output.sources,
      });
      const outcome = c.id === 'supplied-images' ? ('supplied' as const) : ('built' as const);
      return {
        outcome,
        meta,
        detail: `key ${key}, log ${relative(repoRoot(), log).startsWith('..') ? log : relative(repoRoot(), log)}`,
      };
    });
    const entry: BuiltComponent = {
      component: c,
      meta: result.meta,
      dir: cache.dir(c.id, key),
      outcome: result.outcome,
      seconds: progress.steps[progress.steps.length - 1]!.seconds,
    };
    if (!existsSync(entry.dir)) throw new LabError(`lab cache entry ${entry.dir} vanished during the build`);
    built.set(c.id, entry);
    results.push(entry);
  }
  return results;
}
