// Commands load the stack model lazily: `generate` must run even when generated modules are missing.
import type { StackProject } from './project';
import { workspaceRoot } from './util/files';

/** Errors that are the user's to fix carry `isUserError` (see StackDefinitionError). */
function isUserError(error: unknown): error is Error {
  return error instanceof Error && (error as { isUserError?: boolean }).isUserError === true;
}

const USAGE = `Usage: cs <command> [options]

Commands:
  synth <project-root>       synthesize a stack into dist/synth/<project>
  package <project-root>     package dist/synth/<project> into dist/releases/<tag>
  build [project-root…]      synth and package the given (default: all) stacks
  render [project-root…]     synth and update the committed providers/…/rendered/ output
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
  const needsModel = ['synth', 'package', 'build', 'render'].includes(command);
  const { packageProject, synth, updateRendered } = needsModel ? await import('./commands') : ({} as typeof import('./commands'));
  switch (command) {
    case 'synth':
      for (const project of await projectsFrom(args)) synth(project);
      return 0;
    case 'package':
      for (const project of await projectsFrom(args)) console.log(`${project.name}: dist/releases/${packageProject(project).tag}`);
      return 0;
    case 'build':
      for (const project of await projectsFrom(args)) {
        synth(project);
        console.log(`${project.name}: dist/releases/${packageProject(project).tag}`);
      }
      return 0;
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
        console.error(`generated files are out of date: ${stale.join(', ')}\nrun "npm run generate" and commit the result.`);
        return 1;
      }
      if (!check) console.log(stale.length > 0 ? `regenerated ${stale.join(', ')}` : 'generated files are up to date');
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
