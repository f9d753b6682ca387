import { synth, packageProject } from './commands';
import { resolveProject, StackProject } from './project';
import { typeCheckRecords, typeCheckStacks } from './typecheck/typecheck';
import { describeFailure } from './util/fail';
import { workspaceRoot } from './util/files';

/** One Nx task of a stack project that the CLI runs in process: its synth or its package target. */
export interface StackTask {
  readonly id: string;
  readonly target: 'synth' | 'package';
  /** The project folder, `providers/<provider>/<stack>/<minor>`. */
  readonly projectRoot: string;
  /** Tasks of this batch that must succeed first. */
  readonly dependsOn: readonly string[];
}

/** The outcome of one task, with what it printed. */
export interface StackTaskResult {
  readonly id: string;
  readonly success: boolean;
  readonly output: string;
}

function failure(error: unknown): string {
  return describeFailure(error, false).text;
}

/**
 * Type errors of the synth tasks' stacks by project name: one compiler run for all of them, and only when that
 * fails one per project, so that each task reports its own stack's errors.
 */
function typeErrors(projects: readonly StackProject[], root: string): Map<string, string> {
  const records = typeCheckRecords(root);
  const errors = new Map<string, string>();
  try {
    typeCheckStacks(projects, root, records);
    return errors;
  } catch (error) {
    if (projects.length === 1) return errors.set(projects[0].name, failure(error));
  }
  for (const project of projects) {
    try {
      typeCheckStacks([project], root, records);
    } catch (error) {
      errors.set(project.name, failure(error));
    }
  }
  return errors;
}

/**
 * Runs synth and package tasks of any number of stack projects in this one process, in the given order (each
 * task after the tasks it depends on), yielding each task's result as it finishes. A task whose dependency
 * failed is not run and fails naming it; the others still run.
 */
export function* runStackTasks(tasks: readonly StackTask[]): Generator<StackTaskResult> {
  const root = workspaceRoot();
  const projects = new Map<string, StackProject>();
  const results = new Map<string, boolean>();
  const synthProjects: StackProject[] = [];
  const unresolved = new Map<string, string>();
  for (const task of tasks) {
    try {
      const project = resolveProject(task.projectRoot, root);
      projects.set(task.id, project);
      if (task.target === 'synth') synthProjects.push(project);
    } catch (error) {
      unresolved.set(task.id, failure(error));
    }
  }
  const typeCheck = typeErrors(synthProjects, root);
  for (const task of tasks) {
    const project = projects.get(task.id);
    const failedDependency = task.dependsOn.find((id) => results.get(id) === false);
    let result: StackTaskResult;
    if (failedDependency) {
      result = { id: task.id, success: false, output: `not run: ${failedDependency} failed` };
    } else if (!project) {
      result = { id: task.id, success: false, output: unresolved.get(task.id) ?? '' };
    } else if (task.target === 'synth' && typeCheck.has(project.name)) {
      result = { id: task.id, success: false, output: typeCheck.get(project.name) ?? '' };
    } else {
      result = runOne(task, project);
    }
    results.set(task.id, result.success);
    yield result;
  }
}

function runOne(task: StackTask, project: StackProject): StackTaskResult {
  try {
    if (task.target === 'synth') {
      synth(project);
      return { id: task.id, success: true, output: '' };
    }
    const release = packageProject(project);
    return { id: task.id, success: true, output: `${project.name}: dist/releases/${release.tag}` };
  } catch (error) {
    return { id: task.id, success: false, output: failure(error) };
  }
}
