// Unit tests of the job-summary section showing the rendered-output diff of affected stacks.
import { renderedDiffMarkdown } from './rendered-diff';

const BASE = '1234567890abcdef1234567890abcdef12345678';
const HEAD = 'abcdef1234567890abcdef1234567890abcdef12';
const DIFF = [
  'diff --git a/x b/x',
  '--- a/x',
  '+++ b/x',
  '@@ -1 +1 @@',
  '-replicas: 1',
  '+replicas: 2',
  '',
].join('\n');

describe('renderedDiffMarkdown', () => {
  test('GIVEN one changed and one unchanged stack WHEN rendered THEN a collapsible diff and a one-line note', () => {
    const markdown = renderedDiffMarkdown(BASE, HEAD, [
      { stack: 'docker-scs-1-34', path: 'providers/docker/scs/1-34/rendered/', stat: '', diff: '' },
      {
        stack: 'docker-scs-1-35',
        path: 'providers/docker/scs/1-35/rendered/',
        stat: ' x | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n',
        diff: DIFF,
      },
    ]);
    expect(markdown).toBe(
      [
        '### Rendered output of affected stacks (1234567…abcdef1)',
        '',
        '- `docker-scs-1-34`: rendered output unchanged',
        '',
        '<details><summary><code>docker-scs-1-35</code>: 1 file changed, 1 insertion(+), 1 deletion(-)</summary>',
        '',
        '```diff',
        DIFF.trimEnd(),
        '```',
        '',
        '</details>',
        '',
      ].join('\n'),
    );
  });

  test('GIVEN a diff with a code fence inside and over the limit WHEN rendered THEN a longer fence and a truncation note', () => {
    const diff = `+\`\`\`yaml\n${'+line\n'.repeat(10)}`;
    const markdown = renderedDiffMarkdown(
      BASE,
      HEAD,
      [{ stack: 's', path: 'p/', stat: ' 1 file changed\n', diff }],
      30,
    );
    expect(markdown).toContain('````diff\n+```yaml\n+line\n+line\n+line\n… ');
    expect(markdown).toContain(' more characters: run `git diff` locally\n````');
  });

  test('GIVEN no affected stack WHEN rendered THEN it says so', () => {
    expect(renderedDiffMarkdown(BASE, HEAD, [])).toBe(
      '### Rendered output of affected stacks (1234567…abcdef1)\n\nNo stack is affected.\n\n',
    );
  });
});
