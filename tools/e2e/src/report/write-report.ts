import * as fs from 'node:fs';
import * as path from 'node:path';
import { toJUnitXml } from './junit';
import { toMarkdown } from './markdown';
import { RunResult } from './result';

/**
 * Writes `summary.json`, `junit.xml`, `summary.md` and `diagnostics/…` into a fresh report directory (a rerun
 * replaces the previous report) and returns the written paths.
 */
export function writeReport(
  reportDir: string,
  result: RunResult,
  diagnostics: ReadonlyMap<string, string> = new Map(),
): string[] {
  fs.rmSync(reportDir, { recursive: true, force: true });
  const files = new Map<string, string>([
    ['summary.json', `${JSON.stringify(result, null, 2)}\n`],
    ['junit.xml', toJUnitXml(result)],
    ['summary.md', toMarkdown(result)],
    ...[...diagnostics].map(([file, content]): [string, string] => [`diagnostics/${file}`, content]),
  ]);
  const written: string[] = [];
  for (const [relative, content] of files) {
    const file = path.join(reportDir, ...relative.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    written.push(file);
  }
  return written;
}
