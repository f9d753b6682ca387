// The `cs` command line: its commands and flags, run from an argument list (main.ts runs it from the process's).
import { FlagSpec, option, parseArgs } from './args';
import { packageProject, synth, updateRendered } from '../commands';
import { vendorCharts as downloadCharts } from '../package/vendor-charts';
import { allProjects, outputPaths, resolveProject, StackProject } from '../project';
import { typeCheckRecords, typeCheckStacks } from '../typecheck/typecheck';
import { CommandError as UsageError } from '../util/errors';
import { describeFailure } from '../util/fail';
import { readTree, workspaceRoot } from '../util/files';
import { parseNeeds, validateProject } from '../validate';
import { bumpVersion, checkVersions } from '../versioning/commands';
import { writeRelease } from '../versioning/release';

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
                             tiers that need one of cso-render, helm, kubeconform, clusterctl, topology-plan, kubernetes-schemas)
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

function projectsFrom(args: readonly string[]): StackProject[] {
  return args.length > 0 ? args.map((a) => resolveProject(a)) : allProjects();
}

/** The projects of a command that builds them, after their stack code type-checks. */
function checkedProjects(args: readonly string[]): StackProject[] {
  const projects = projectsFrom(args);
  const root = workspaceRoot();
  typeCheckStacks(projects, root, typeCheckRecords(root));
  return projects;
}

export async function run(command: string | undefined, rawArgs: string[]): Promise<number> {
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
  const mode = option(parsed, 'mode') ?? 'stable';
  const vendorCharts = parsed.flags.has('vendor-charts');
  /** Upstream charts to ship in the release (with --vendor-charts), downloaded and checked against their pins. */
  const vendored = async (project: StackProject): Promise<Map<string, Buffer>> => {
    if (!vendorCharts) return new Map();
    return downloadCharts(readTree(outputPaths(project).synth));
  };
  if (mode !== 'stable' && mode !== 'hash')
    throw new UsageError(`--mode must be "stable" or "hash", got ${JSON.stringify(mode)}`);
  if (command === 'generate' && args.length > 0)
    throw new UsageError(`generate: unexpected argument ${JSON.stringify(args[0])}: it takes only --check`);
  switch (command) {
    case 'synth':
      for (const project of checkedProjects(args)) synth(project);
      return 0;
    case 'package':
      for (const project of checkedProjects(args))
        console.log(
          `${project.name}: dist/releases/${packageProject(project, mode, await vendored(project)).tag}`,
        );
      return 0;
    case 'build':
      for (const project of checkedProjects(args)) {
        synth(project);
        console.log(
          `${project.name}: dist/releases/${packageProject(project, mode, await vendored(project)).tag}`,
        );
      }
      return 0;
    case 'version': {
      for (const project of projectsFrom(args)) {
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
      const problems = checkVersions(projectsFrom(args), baseRef);
      for (const problem of problems) console.error(`error: ${problem}`);
      if (problems.length === 0) console.log('version locks are current');
      return problems.length === 0 ? 0 : 1;
    }
    case 'release': {
      for (const project of checkedProjects(args)) {
        synth(project);
        console.log(writeRelease(project, await vendored(project)));
      }
      return 0;
    }
    case 'render':
      for (const project of checkedProjects(args)) {
        synth(project);
        updateRendered(project);
        console.log(`${project.root}/rendered updated`);
      }
      return 0;
    case 'validate': {
      const without = parseNeeds(option(parsed, 'without'));
      let failed = 0;
      for (const project of projectsFrom(args))
        failed += (await validateProject(project, { without })) ? 0 : 1;
      return failed === 0 ? 0 : 1;
    }
    case 'generate':
      // Loaded on demand: the generators load the TypeScript compiler, which the build commands do not need.
      return (await import('../generate')).runGenerate(parsed.flags.has('check'));
    default:
      throw new Error(`command ${command} has flags but no implementation`);
  }
}

/** Runs the command line `argv` (without node and the script) and exits with its status. */
export function runMain(argv: readonly string[]): void {
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
}
