import { allProjects, loadStack, StackProject, workspaceRoot } from '@cluster-stacks/cli';
import { ExampleCluster, KubernetesVersion } from '@cluster-stacks/core';
import * as path from 'node:path';
import { KubeObject } from '../kube/client';
import { E2eOptions } from '../options';
import { buildPlan } from '../plan/build-plan';
import { Plan } from '../plan/plan';
import { packagedTag, readRelease } from '../plan/release';

/** A mistake in the command line or the local build, reported without a stack trace (exit status 2). */
export class SetupError extends Error {}

function findProject(name: string, root: string): StackProject {
  const projects = allProjects(root);
  const project = projects.find((p) => p.name === name);
  if (!project)
    throw new SetupError(
      `no stack project ${name}; the workspace has: ${projects.map((p) => p.name).join(', ')}`,
    );
  return project;
}

function findExample(project: StackProject, name: string, root: string): ExampleCluster {
  const examples = loadStack(project, root).examples;
  const example = examples.find((e) => e.props.name === name);
  if (!example)
    throw new SetupError(
      `${project.name} has no example Cluster ${JSON.stringify(name)}; it has: ${examples.map((e) => e.props.name).join(', ')}`,
    );
  return example;
}

/**
 * The plan of a run: the release under test and the one to upgrade from are read from the release directory,
 * the Cluster is the stack's example rendered for the class and Kubernetes version of the release it runs.
 * (For an upgrade from an older build, the current example is rendered on the older class: the examples
 * describe the stack's contract, which an upgrade must keep.)
 */
export function preparePlan(options: E2eOptions, root = workspaceRoot()): Plan {
  const project = findProject(options.stack, root);
  const example = findExample(project, options.example, root);
  const tag = options.release ?? packagedTag(path.join(root, 'dist', 'packaged', `${project.name}.json`));
  const to = readRelease(options.releaseDir, tag);
  if (to.stackId !== project.name) throw new SetupError(`release ${tag} is not a release of ${project.name}`);
  const from =
    options.upgradeFrom === undefined ? undefined : readRelease(options.releaseDir, options.upgradeFrom);
  return buildPlan({
    namespace: options.namespace,
    to,
    from,
    renderCluster: (release) =>
      example.render({
        className: release.clusterClass,
        namespace: options.namespace,
        kubernetesVersion: KubernetesVersion.of(release.kubernetesVersion),
      }) as unknown as KubeObject,
  });
}
