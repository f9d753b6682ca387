// Commands load the stack model lazily: `generate` must run even when generated modules are missing.
import * as path from 'node:path';
import type { StackProject } from './project';
import { CommandError as UsageError } from './util/errors';
import { workspaceRoot } from './util/files';
import { FlagSpec, option, parseArgs } from './cli/args';
import { describeFailure } from './util/fail';

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
  validate <project-root>    run every validation tier on the packaged release (--without <need,…>: leave out the
                             tiers that need one of cso-render, helm, kubeconform, clusterctl, kubernetes-schemas)
  generate [--check]         regenerate variable schemas and template path tables (--check: fail if stale)
  help                       show this text

Every command accepts --debug, which adds the stack trace to an error message.
`;

/** The flags of each command; `--debug` (stack traces of errors) is accepted by all. */
const FLAGS: Readonly<Record<string, readonly FlagSpec[]>> = {
  synth: [],
  package: [{ name: 'mode', value: '<stable|hash>' }, { name: 'vendor-charts' }],
  build: [{ name: 'mode', value: '<stable|hash>' }, { name: 'vendor-charts' }],
  render: [],
  version: [],
  'check-versions': [{ name: 'base', value: '<git ref>' }],
  release: [{ name: 'vendor-charts' }],
  validate: [{ name: 'without', value: '<need,…>' }],
  generate: [{ name: 'check' }],
};

async function projectsFrom(args: readonly string[]): Promise<StackProject[]> {
  const { allProjects, resolveProject } = await import('./project');
  return args.length > 0 ? args.map((a) => resolveProject(a)) : allProjects();
}

/** The projects of a command that builds them, after their stack code type-checks. */
async function checkedProjects(args: readonly string[]): Promise<StackProject[]> {
  const projects = await projectsFrom(args);
  const { typeCheckStacks } = await import('./typecheck/typecheck');
  const root = workspaceRoot();
  typeCheckStacks(projects, root, path.join(root, 'dist', 'typecheck'));
  return projects;
}

async function run(command: string | undefined, rawArgs: string[]): Promise<number> {
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command === undefined ? 1 : 0;
  }
  const specs = FLAGS[command];
  if (!specs) {
    console.error(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return 1;
  }
  const parsed = parseArgs(command, rawArgs, specs);
  const args = [...parsed.positionals];
  const needsModel = ['synth', 'package', 'build', 'render', 'release'].includes(command);
  const mode = option(parsed, 'mode') ?? 'stable';
  const vendorCharts = parsed.flags.has('vendor-charts');
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
  if (command === 'generate' && args.length > 0)
    throw new UsageError(`generate: unexpected argument ${JSON.stringify(args[0])}: it takes only --check`);
  const { packageProject, synth, updateRendered } = needsModel
    ? await import('./commands')
    : ({} as typeof import('./commands'));
  switch (command) {
    case 'synth':
      for (const project of await checkedProjects(args)) synth(project);
      return 0;
    case 'package':
      for (const project of await checkedProjects(args))
        console.log(
          `${project.name}: dist/releases/${packageProject(project, mode, await vendored(project)).tag}`,
        );
      return 0;
    case 'build':
      for (const project of await checkedProjects(args)) {
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
      const baseRef = option(parsed, 'base');
      const { checkVersions } = await import('./versioning/commands');
      const problems = checkVersions(await projectsFrom(args), baseRef);
      for (const problem of problems) console.error(`error: ${problem}`);
      if (problems.length === 0) console.log('version locks are current');
      return problems.length === 0 ? 0 : 1;
    }
    case 'release': {
      const { writeRelease } = await import('./versioning/release');
      for (const project of await checkedProjects(args)) {
        synth(project);
        console.log(writeRelease(project, await vendored(project)));
      }
      return 0;
    }
    case 'render':
      for (const project of await checkedProjects(args)) {
        synth(project);
        updateRendered(project);
        console.log(`${project.root}/rendered updated`);
      }
      return 0;
    case 'validate': {
      const { parseNeeds, validateProject } = await import('./validate');
      const without = parseNeeds(option(parsed, 'without'));
      let failed = 0;
      for (const project of await projectsFrom(args))
        failed += (await validateProject(project, { without })) ? 0 : 1;
      return failed === 0 ? 0 : 1;
    }
    case 'generate': {
      const check = parsed.flags.has('check');
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
    default:
      throw new Error(`command ${command} has flags but no implementation`);
  }
}

const argv = process.argv.slice(2);
const debug = argv.includes('--debug');
const [command, ...args] = argv.filter((a) => a !== '--debug');
run(command, args).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const { text, code } = describeFailure(error, debug);
    console.error(text);
    process.exit(code);
  },
);
