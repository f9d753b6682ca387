// Imports the pinned upstream CRDs: typed cdk8s bindings into packages/<package>/src/imports/ of the package
// that uses them, and strict JSON schemas for kubeconform into schemas/.
//
//   npx tsx tools/import-crds/src/main.ts               download the pinned upstream release assets
//   npx tsx tools/import-crds/src/main.ts --from <dir>  read <dir>/<component>-<tag>/<group>_<plural>.yaml
import * as path from 'path';
import { type KindReport, importBindings, planBindings, renderIndex } from './bindings';
import { type ReleaseCrds, loadFromDirectory, loadFromUpstream } from './load';
import { writeGeneratedFiles } from './output';
import { renderImportsReadme, renderSchemasReadme } from './readme';
import { chooseSchemaSources, crdVersionSchema, stableJson } from './schema';
import { PINNED_RELEASES, type PinnedRelease, releaseUrls } from './sources';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
/** Output folders, relative to the repository root. Files in them without the generated marker are left alone. */
const importsDir = (pkg: string) => path.join('packages', pkg, 'src', 'imports');
const SCHEMAS_DIR = 'schemas';

const USAGE = `usage: npx tsx tools/import-crds/src/main.ts [--from <dir>]

Without --from, downloads the CRDs from the pinned upstream release assets (see tools/import-crds/src/sources.ts).
With --from, reads them from <dir>/<component>-<tag>/<group>_<plural>.yaml.`;

function parseArgs(argv: readonly string[]): { from?: string } {
  let from: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg === '--from') {
      from = argv[++i];
      if (from === undefined) throw new Error(`--from needs a directory\n${USAGE}`);
    } else if (arg !== undefined && arg.startsWith('--from=')) {
      from = arg.slice('--from='.length);
    } else {
      throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  return from === undefined ? {} : { from };
}

function describeDecisions(kinds: readonly KindReport[]): string[] {
  return kinds.map(({ kind, decisions }) => {
    const parts = decisions.map((d) => `${d.version} ${d.kept ? 'kept' : `dropped (${d.reason})`}`);
    return `    ${kind}: ${parts.join(', ')}`;
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const { from } = parseArgs(process.argv.slice(2));
  const fromDir = from === undefined ? undefined : path.resolve(process.cwd(), from);

  // 1. Load every pinned release.
  const loaded: { release: PinnedRelease; crds: ReleaseCrds }[] = [];
  for (const release of PINNED_RELEASES) {
    if (fromDir === undefined) {
      console.log(`${release.id}: downloading ${releaseUrls(release).join(', ')}`);
      loaded.push({ release, crds: await loadFromUpstream(release) });
    } else {
      const { crds, ignoredFiles } = await loadFromDirectory(release, fromDir);
      console.log(`${release.id}: ${crds.size} CRDs from ${path.join(from ?? '', release.id)}`);
      if (ignoredFiles.length > 0) console.log(`  not pinned, ignored: ${ignoredFiles.join(', ')}`);
      loaded.push({ release, crds });
    }
  }

  // 2. Typed bindings.
  const plans = loaded.map(({ release, crds }) => planBindings(release, crds)).filter((p) => p !== undefined);
  const toGenerate = plans.filter((p) => p.generated);
  const skipped = plans.filter((p) => !p.generated);
  for (const plan of plans) {
    console.log(
      plan.generated
        ? `bindings ${plan.set.set} (${plan.set.version}) from ${plan.release.id}:`
        : `bindings ${plan.set.set} skipped: ${plan.reason}`,
    );
    for (const line of describeDecisions(plan.kinds)) console.log(line);
  }
  const modules = await importBindings(toGenerate);
  const outputs: (readonly [string, Map<string, string>])[] = [];
  for (const pkg of [...new Set(plans.map((p) => p.set.package))].sort()) {
    const generated = toGenerate.filter((p) => p.set.package === pkg);
    const files = new Map(
      [...modules].filter(([file]) => generated.some((p) => file.startsWith(`${p.set.set}/`))),
    );
    files.set('index.ts', renderIndex(generated));
    files.set(
      'README.md',
      renderImportsReadme(
        generated,
        skipped.filter((p) => p.set.package === pkg),
      ),
    );
    outputs.push([importsDir(pkg), files]);
  }

  // 3. Strict JSON schemas for every served version of every pinned CRD.
  const sources = chooseSchemaSources(
    loaded.map(({ release, crds }) => ({
      releaseId: release.id,
      primaryVersion: release.primaryVersion,
      crds: crds.values(),
    })),
  );
  const schemaFiles = new Map<string, string>();
  const byId = new Map(PINNED_RELEASES.map((release) => [release.id, release]));
  for (const [file, source] of sources) {
    const release = byId.get(source.releaseId)!;
    const what = `${source.crd.spec.group}/${source.version.name} ${source.crd.spec.names.kind}`;
    const description = `Generated by tools/import-crds from ${release.component} ${release.tag} (${what}). DO NOT EDIT.`;
    schemaFiles.set(file, stableJson(crdVersionSchema(source.crd, source.version, description)));
  }
  schemaFiles.set('README.md', renderSchemasReadme(sources));

  // 4. Write the outputs; delete what an earlier run generated and this one did not.
  for (const [dir, files] of [...outputs, [SCHEMAS_DIR, schemaFiles] as const]) {
    const deleted = await writeGeneratedFiles(path.join(REPO_ROOT, dir), files);
    for (const file of deleted) console.log(`deleted stale ${dir}/${file}`);
    console.log(`wrote ${files.size} files to ${dir}`);
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(`import-crds: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
