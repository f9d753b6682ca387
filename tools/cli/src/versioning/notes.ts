import { changedLayers, LockEntry } from './lock';
import { BreakingChange } from './compatibility';
import { StackSummary } from './summary';

function json(value: unknown): string {
  return JSON.stringify(value);
}

function variableLines(before: StackSummary | undefined, after: StackSummary): string[] {
  if (!before) return Object.keys(after.variables).map((name) => `- added \`${name}\``);
  const lines: string[] = [];
  for (const name of Object.keys(after.variables)) {
    const old = before.variables[name];
    const now = after.variables[name];
    if (!old)
      lines.push(`- added \`${name}\` (${now.schema.type ?? 'any'}, default ${json(now.schema.default)})`);
    else if (json(old) !== json(now)) {
      const parts: string[] = [];
      if (old.schema.type !== now.schema.type) parts.push(`type ${old.schema.type} → ${now.schema.type}`);
      if (json(old.schema.default) !== json(now.schema.default))
        parts.push(`default ${json(old.schema.default)} → ${json(now.schema.default)}`);
      if (old.required !== now.required) parts.push(now.required ? 'now required' : 'now optional');
      lines.push(`- changed \`${name}\`: ${parts.length > 0 ? parts.join(', ') : 'schema'}`);
    }
  }
  for (const name of Object.keys(before.variables))
    if (!after.variables[name]) lines.push(`- removed \`${name}\``);
  return lines;
}

function mapLines(
  label: string,
  before: Readonly<Record<string, string>> | undefined,
  after: Readonly<Record<string, string>>,
): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(after)) {
    const old = before?.[key];
    if (old === undefined) lines.push(`- ${label} \`${key}\`: ${value} (new)`);
    else if (old !== value) lines.push(`- ${label} \`${key}\`: ${old} → ${value}`);
  }
  for (const key of Object.keys(before ?? {}))
    if (!(key in after)) lines.push(`- ${label} \`${key}\`: removed`);
  return lines;
}

/** Release notes: what changed per layer since the previous version, and the compatibility findings. */
export function releaseNotes(
  tag: string,
  entry: LockEntry,
  previous: LockEntry | undefined,
  compatibility: { against: string; changes: BreakingChange[] }[],
): string {
  const layers = previous
    ? changedLayers(previous.digests, entry.digests)
    : ['clusterClass', 'clusterAddon', 'nodeImages'];
  const out = [
    `# ${tag}`,
    '',
    `Kubernetes ${entry.summary.kubernetes}; clusterStack ${entry.clusterStack}, clusterAddon ${entry.clusterAddon}, nodeImage ${entry.nodeImage}.`,
    previous ? `Changes since ${previous.clusterStack} in: ${layers.join(', ')}.` : 'First release.',
    '',
    '## Cluster class',
    ...(layers.includes('clusterClass') ? variableLines(previous?.summary, entry.summary) : []),
    ...(layers.includes('clusterClass') && variableLines(previous?.summary, entry.summary).length === 0
      ? ['- templates or patches changed; variables unchanged']
      : []),
    ...(layers.includes('clusterClass')
      ? mapLines('behaviour', previous?.summary.behaviour, entry.summary.behaviour ?? {})
      : []),
    ...(layers.includes('clusterClass') ? [] : ['- unchanged']),
    '',
    '## Cluster addons',
    ...(layers.includes('clusterAddon')
      ? mapLines('addon', previous?.summary.addons, entry.summary.addons)
      : ['- unchanged']),
    ...(layers.includes('clusterAddon') &&
    mapLines('addon', previous?.summary.addons, entry.summary.addons).length === 0
      ? ['- manifests changed; addon versions unchanged']
      : []),
    '',
    '## Node images',
    ...(layers.includes('nodeImages')
      ? mapLines('image', previous?.summary.nodeImages, entry.summary.nodeImages)
      : ['- unchanged']),
    '',
    '## Upgrade compatibility',
    ...compatibility.map(({ against, changes }) =>
      changes.length === 0
        ? `- from ${against}: no breaking changes`
        : `- from ${against}:\n${changes.map((c) => `  - ${c.message} (\`${c.key}\`)`).join('\n')}`,
    ),
    ...(compatibility.length === 0 ? ['- no earlier release to compare with'] : []),
    '',
  ];
  return out.join('\n');
}
