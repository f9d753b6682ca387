import { kubernetesSchemaLocation, toolPath } from '@cluster-stacks/toolchain';
import * as path from 'node:path';
import { runTool } from './exec';

/** One kubeconform finding. */
export interface SchemaFinding {
  readonly resource: string;
  readonly status: string;
  readonly message: string;
}

/** The kubeconform `-schema-location` of the committed CRD schemas. */
export function crdSchemaLocation(root: string): string {
  return path.join(root, 'schemas', '{{ .Group }}', '{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json');
}

/**
 * Validates manifests with `kubeconform -strict` against the CRD schemas and the Kubernetes schemas of a minor.
 * A resource without a schema is a finding, never skipped. Returns the findings and how many were valid.
 */
export function kubeconform(
  root: string,
  manifests: string,
  minor: string,
): { valid: number; findings: SchemaFinding[] } {
  const run = runTool(
    toolPath('kubeconform'),
    [
      '-strict',
      '-summary',
      '-output',
      'json',
      '-schema-location',
      crdSchemaLocation(root),
      '-schema-location',
      kubernetesSchemaLocation(minor),
      '-',
    ],
    { input: manifests },
  );
  let report: {
    resources?: {
      filename: string;
      kind: string;
      name: string;
      version: string;
      status: string;
      msg: string;
    }[];
    summary?: { valid: number };
  };
  try {
    report = JSON.parse(run.stdout);
  } catch {
    throw new Error(`kubeconform printed no JSON (exit ${run.status}): ${run.stderr}${run.stdout}`);
  }
  const findings = (report.resources ?? [])
    .filter((r) => r.status !== 'statusValid')
    .map((r) => ({ resource: `${r.kind}/${r.name} (${r.version})`, status: r.status, message: r.msg }));
  if (run.status !== 0 && findings.length === 0)
    throw new Error(`kubeconform failed (exit ${run.status}): ${run.stderr}`);
  return { valid: report.summary?.valid ?? 0, findings };
}
