import { ClusterStack } from '@cluster-stacks/core';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packagedTag } from '../package/packaged';
import { loadStack, outputPaths, StackProject } from '../project';
import { CommandError } from '../util/errors';
import { recoverInterruptedWrites } from '../util/files';
import { previousMinorProject } from '../versioning/commands';
import { renderRelease, RenderedRelease } from './render-release';
import { PlannedObject } from './topology-plan';

/** The namespace validation renders cluster classes into (CSO uses the ClusterStack's namespace). */
export const VALIDATION_NAMESPACE = 'cluster-stacks';

/** Everything a validation tier may read: fixed when validation starts. */
export interface ReleaseInputs {
  /** The stack project. */
  readonly project: StackProject;
  /** The workspace root. */
  readonly root: string;
  /** The project's stack, loaded from its stack.ts. */
  readonly stack: ClusterStack;
  /** The tag of the packaged release. */
  readonly tag: string;
  /** The packaged release directory (`dist/releases/<tag>`). */
  readonly dir: string;
  /** The synthesized tree (`dist/synth/<project>`). */
  readonly synthDir: string;
  /** The committed rendered output (`<project>/rendered`). */
  readonly renderedDir: string;
  /** Where tiers write their reports (`dist/reports/<project>`). */
  readonly reportsDir: string;
  /** The project of the previous Kubernetes minor of the same stack, which Clusters upgrade from. @default - none */
  readonly previous?: StackProject;
}

type Memo<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * One packaged release under validation, as an immutable value: its inputs, plus what is derived from them
 * (the release rendered as CSO renders it, the example Clusters' topology plans), computed once on first use
 * by whichever tier asks first. Tiers share nothing else, so each runs alone as well as in the table.
 */
export class Release implements ReleaseInputs {
  /** The packaged release of a project, with the previous minor's project when there is one. */
  public static ofProject(project: StackProject, root: string): Release {
    const paths = outputPaths(project, root);
    recoverInterruptedWrites(paths.releases);
    const tag = packagedTag(paths.packaged);
    const dir = path.join(paths.releases, tag);
    if (!fs.existsSync(dir)) throw new CommandError(`${dir} does not exist: run the package target again`);
    return new Release({
      project,
      root,
      stack: loadStack(project, root),
      tag,
      dir,
      synthDir: paths.synth,
      renderedDir: paths.rendered,
      reportsDir: paths.reports,
      previous: previousMinorProject(project, root),
    });
  }

  public readonly project: StackProject;
  public readonly root: string;
  public readonly stack: ClusterStack;
  public readonly tag: string;
  public readonly dir: string;
  public readonly synthDir: string;
  public readonly renderedDir: string;
  public readonly reportsDir: string;
  public readonly previous?: StackProject;
  private readonly memos = new Map<string, Memo<unknown>>();

  public constructor(inputs: ReleaseInputs) {
    this.project = inputs.project;
    this.root = inputs.root;
    this.stack = inputs.stack;
    this.tag = inputs.tag;
    this.dir = inputs.dir;
    this.synthDir = inputs.synthDir;
    this.renderedDir = inputs.renderedDir;
    this.reportsDir = inputs.reportsDir;
    this.previous = inputs.previous;
  }

  /** `1.35`: the Kubernetes minor of the release. */
  public get minor(): string {
    return this.stack.kubernetesVersion.minorDotted;
  }

  /** The release rendered as CSO renders it (helm lint --strict and helm template of every chart). */
  public rendered(): RenderedRelease {
    return this.memo('rendered', () => renderRelease(this.dir, VALIDATION_NAMESPACE));
  }

  /** The objects the topology dry run creates, by example Cluster name; computed by `plan`. */
  public plans(plan: (release: Release) => ReadonlyMap<string, readonly PlannedObject[]>) {
    return this.memo('plans', () => plan(this));
  }

  private memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) {
      try {
        this.memos.set(key, { ok: true, value: compute() });
      } catch (error) {
        this.memos.set(key, { ok: false, error });
      }
    }
    const memo = this.memos.get(key) as Memo<T>;
    if (memo.ok) return memo.value;
    throw memo.error;
  }
}
