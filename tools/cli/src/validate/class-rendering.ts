import { CapiVersion, ClusterStack, StackVersion, synthesizeStack } from '@cluster-stacks/core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { withChartVersion } from '../package/release';
import { writeDirAtomically } from '../util/files';
import { helmTemplateClusterClass } from './helm';

/** The chart version of renders that are checked but never released. */
const CHECK_VERSION = StackVersion.parseDotted('v0-check.1');

/** A stack's cluster-class chart rendered for one CAPI version, as CSO renders it (`helm template`). */
export interface ClassRendering {
  readonly capi: CapiVersion;
  readonly className: string;
  readonly manifests: string;
}

/** Synthesizes the stack's cluster-class chart for `capi` into a temporary chart and renders it in `namespace`. */
export function renderClassFor(stack: ClusterStack, capi: CapiVersion, namespace: string): ClassRendering {
  const files = new Map<string, string>();
  for (const [name, content] of synthesizeStack(stack, capi).files) {
    if (!name.startsWith('cluster-class/')) continue;
    const rel = name.slice('cluster-class/'.length);
    files.set(rel, rel === 'Chart.yaml' ? withChartVersion(content, CHECK_VERSION) : content);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `class-${capi.version}-`));
  try {
    writeDirAtomically(path.join(work, stack.names.clusterClassChartName), files);
    const manifests = helmTemplateClusterClass(
      work,
      stack.names.clusterClassChartName,
      stack.names.helmReleaseName,
      namespace,
    );
    const classes = parseAllDocuments(manifests)
      .map((d) => d.toJS() as { kind?: string; metadata?: { name: string } } | null)
      .filter((d) => d?.kind === 'ClusterClass');
    if (classes.length !== 1) throw new Error(`expected one ClusterClass, rendered ${classes.length}`);
    return { capi, className: classes[0]!.metadata!.name, manifests };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
