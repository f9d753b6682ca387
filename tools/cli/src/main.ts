// Commands load the stack model lazily: `generate` must run even when generated modules are missing.
import type { StackProject } from './project';
import { CommandError as UsageError } from './util/errors';
import { workspaceRoot } from './util/files';

/** Errors that are the user's to fix carry `isUserError` (see StackDefinitionError). */
function isUserError(error: unknown): error is Error {
  return error instanceof Error && (error as { isUserError?: boolean }).isUserError === true;
}

const USAGE = `Usage: cs <command> [options]

Commands:
  synth <project-root>       synthesize a stack into dist/synth/<project>
  package <project-root>     package dist/synth/<project> into dist/releases/<tag> (--mode hash: v0-sha.<hash>;
                             --vendor-charts: ship digest-pinned upstream charts in the release)
  build [project-root…]      synth and package the given (default: all) stacks
  render [project-root…]     synth and update the committed providers/…/rendered/ output
  version [project-root…]    record the next version of stacks whose rendered output changed (versions.lock.json)
  check-versions [--base <ref>] [project-root…]
                             fail when a lock is stale, a bump has no change behind it, or a released entry changed
  release [project-root…]    build releases and write release notes to dist/release-notes/<tag>.md
  validate <project-root>    run every validation tier on the packaged release
  generate [--check]         regenerate variable schemas and template path tables (--check: fail if stale)
  help                       show this text
`;

async function projectsFrom(args: string[]): Promise<StackProject[]> {
  const { allProjects, resolveProject } = await import('./project');
  return args.length > 0 ? args.map((a) => resolveProject(a)) : allProjects();
}

async function run(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const needsModel = ['synth', 'package', 'build', 'render', 'release'].includes(command);
  const mode = args.includes('--mode')
    ? (args.splice(args.indexOf('--mode'), 2)[1] as 'stable' | 'hash')
    : 'stable';
  const vendorCharts =
    args.includes('--vendor-charts') && args.splice(args.indexOf('--vendor-charts'), 1).length > 0;
  /** Upstream charts to ship in the release (with --vendor-charts), downloaded and checked against their pins. */
  const vendored = async (project: StackProject): Promise<Map<string, Buffer>> => {
    if (!vendorCharts) return new Map();
    const [{ vendorCharts: download }, { readTree }, { outputPaths }] = await Promise.all([
      import('./package/vendor-charts'),
      import('./util/files'),
      import('./project'),
    ]);
    return download(readTree(outputPaths(project).synth));
  };
  if (mode !== 'stable' && mode !== 'hash')
    throw new UsageError(`--mode must be "stable" or "hash", got ${JSON.stringify(mode)}`);
  const { packageProject, synth, updateRendered } = needsModel
    ? await import('./commands')
    : ({} as typeof import('./commands'));
  switch (command) {
    case 'synth':
      for (const project of await projectsFrom(args)) synth(project);
      return 0;
    case 'package':
      for (const project of await projectsFrom(args))
        console.log(
          `${project.name}: dist/releases/${packageProject(project, mode, await vendored(project)).tag}`,
        );
      return 0;
    case 'build':
      for (const project of await projectsFrom(args)) {
        synth(project);
        console.log(
          `${project.name}: dist/releases/${packageProject(project, mode, await vendored(project)).tag}`,
        );
      }
      return 0;
    case 'version': {
      const { bumpVersion } = await import('./versioning/commands');
      for (const project of await projectsFrom(args)) {
        const { entry, bumped, changed } = bumpVersion(project);
        console.log(
          bumped
            ? `${project.name}: ${entry.clusterStack} (clusterAddon ${entry.clusterAddon}, nodeImage ${entry.nodeImage}; changed: ${changed.join(', ')})`
            : `${project.name}: ${entry.clusterStack} is current`,
        );
      }
      return 0;
    }
    case 'check-versions': {
      const baseRef = args.includes('--base') ? args.splice(args.indexOf('--base'), 2)[1] : undefined;
      const { checkVersions } = await import('./versioning/commands');
      const problems = checkVersions(await projectsFrom(args), baseRef);
      for (const problem of problems) console.error(`error: ${problem}`);
      if (problems.length === 0) console.log('version locks are current');
      return problems.length === 0 ? 0 : 1;
    }
    case 'release': {
      const { writeRelease } = await import('./versioning/release');
      for (const project of await projectsFrom(args)) {
        synth(project);
        console.log(writeRelease(project, await vendored(project)));
      }
      return 0;
    }
    case 'render':
      for (const project of await projectsFrom(args)) {
        synth(project);
        updateRendered(project);
        console.log(`${project.root}/rendered updated`);
      }
      return 0;
    case 'validate': {
      const { validateProject } = await import('./validate');
      let failed = 0;
      for (const project of await projectsFrom(args)) failed += (await validateProject(project)) ? 0 : 1;
      return failed === 0 ? 0 : 1;
    }
    case 'generate': {
      const check = args.includes('--check');
      const { generate } = await import('./generate');
      const stale = generate(workspaceRoot(), check);
      if (check && stale.length > 0) {
        console.error(
          `generated files are out of date: ${stale.join(', ')}\nrun "npm run generate" and commit the result.`,
        );
        return 1;
      }
      if (!check)
        console.log(stale.length > 0 ? `regenerated ${stale.join(', ')}` : 'generated files are up to date');
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      console.error(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
      return 1;
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A mistake in a stack definition is the user's to fix: print the message, not a stack trace.
    console.error(isUserError(error) ? `error: ${error.message}` : error);
    process.exit(isUserError(error) ? 2 : 1);
  },
);
