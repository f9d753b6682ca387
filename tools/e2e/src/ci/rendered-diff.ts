/** The rendered-output diff of one stack project between two commits. */
export interface StackDiff {
  readonly stack: string;
  /** `providers/docker/scs/1-35/rendered/`. */
  readonly path: string;
  /** `git diff --stat` of the path. */
  readonly stat: string;
  /** `git diff` of the path. */
  readonly diff: string;
}

/** GitHub caps a job summary at 1 MiB; each stack gets a share well below that. */
export const DIFF_LIMIT = 60_000;

/** A fence longer than any backtick run in the text, so a diff of Markdown files cannot close it early. */
function fence(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(longest + 1);
}

function truncated(diff: string, limit: number): string {
  if (diff.length <= limit) return diff;
  const cut = diff.lastIndexOf('\n', limit);
  return `${diff.slice(0, cut === -1 ? limit : cut)}\n… ${diff.length - (cut === -1 ? limit : cut)} more characters: run \`git diff\` locally\n`;
}

/**
 * The job-summary section showing how each affected stack's committed rendered output changed: reviewers see the
 * effect of a change on the manifests, not only on the TypeScript.
 */
export function renderedDiffMarkdown(
  base: string,
  head: string,
  diffs: readonly StackDiff[],
  limit = DIFF_LIMIT,
): string {
  const lines = [`### Rendered output of affected stacks (${base.slice(0, 7)}…${head.slice(0, 7)})`, ''];
  if (diffs.length === 0) lines.push('No stack is affected.', '');
  for (const d of diffs) {
    if (d.diff.trim() === '') {
      lines.push(`- \`${d.stack}\`: rendered output unchanged`);
      continue;
    }
    const body = truncated(d.diff, limit);
    const marks = fence(body);
    lines.push(
      '',
      `<details><summary><code>${d.stack}</code>: ${d.stat.trim().split('\n').pop()?.trim() ?? 'changed'}</summary>`,
      '',
      `${marks}diff`,
      body.trimEnd(),
      marks,
      '',
      '</details>',
    );
  }
  return `${lines.join('\n')}\n`;
}
