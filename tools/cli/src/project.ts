import { ClusterStack, StackDefinitionError } from '@cluster-stacks/core';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCompiledStack } from './compiled-stacks';
import { runsCompiled } from './stack-modules';
import { workspaceRoot } from './util/files';

/** A stack project: `providers/<provider>/<stack>/<k8s-minor>/stack.ts`. */
export interface StackProject {
  /** Nx project name, `<provider>-<stack>-<minor>`. */
  readonly name: string;
  /** Folder relative to the workspace root. */
  readonly root: string;
  readonly provider: string;
  readonly stack: string;
  readonly minor: string;
}

/** Resolves a project from its folder (relative to the workspace root or absolute). */
export function resolveProject(projectRoot: string, root = workspaceRoot()): StackProject {
  const relative = path.relative(root, path.resolve(root, projectRoot)).split(path.sep).join('/');
  const match = /^providers\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(relative);
  if (!match || !fs.existsSync(path.join(root, relative, 'stack.ts'))) {
    throw new StackDefinitionError(
      `${projectRoot}: not a stack project: expected providers/<provider>/<stack>/<k8s-minor>/stack.ts.`,
    );
  }
  const [, provider, stack, minor] = match;
  return { name: `${provider}-${stack}-${minor}`, root: relative, provider, stack, minor };
}

/** Every stack project of the workspace, sorted by name. */
export function allProjects(root = workspaceRoot()): StackProject[] {
  const providers = path.join(root, 'providers');
  if (!fs.existsSync(providers)) return [];
  const out: StackProject[] = [];
  for (const provider of fs.readdirSync(providers).sort()) {
    for (const stack of safeList(path.join(providers, provider))) {
      for (const minor of safeList(path.join(providers, provider, stack))) {
        if (fs.existsSync(path.join(providers, provider, stack, minor, 'stack.ts'))) {
          out.push(resolveProject(`providers/${provider}/${stack}/${minor}`, root));
        }
      }
    }
  }
  return out;
}

function safeList(dir: string): string[] {
  return fs.statSync(dir).isDirectory() ? fs.readdirSync(dir).sort() : [];
}

/** The module of a project's stack.ts: compiled when the CLI runs compiled, else loaded from its source. */
function stackModule(project: StackProject, root: string): unknown {
  if (runsCompiled()) return loadCompiledStack(project, root);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(root, project.root, 'stack.ts'));
}

/** Loads the project's stack (the default export of stack.ts) and checks it matches its folder. */
export function loadStack(project: StackProject, root = workspaceRoot()): ClusterStack {
  const exported = stackModule(project, root) as { default?: unknown };
  const stack = exported.default;
  if (!(stack instanceof ClusterStack)) {
    throw new StackDefinitionError(
      `${project.root}/stack.ts: the default export must be a ClusterStack (e.g. "export default dockerScsStack('1.35')").`,
    );
  }
  if (stack.node.id !== project.name) {
    throw new StackDefinitionError(
      `${project.root}/stack.ts: defines ${stack.node.id}, but its folder says ${project.name}: provider, stack name and Kubernetes minor must match the folder.`,
    );
  }
  return stack;
}

/** Paths of a project's build outputs. */
export function outputPaths(project: StackProject, root = workspaceRoot()) {
  return {
    synth: path.join(root, 'dist', 'synth', project.name),
    releases: path.join(root, 'dist', 'releases'),
    packaged: path.join(root, 'dist', 'packaged', `${project.name}.json`),
    reports: path.join(root, 'dist', 'reports', project.name),
    rendered: path.join(root, project.root, 'rendered'),
  };
}
