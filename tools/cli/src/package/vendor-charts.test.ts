import { toolPath } from '@cluster-stacks/toolchain';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { helmTemplateAddon } from '../validate/helm';
import { vendorCharts } from './vendor-charts';

// A real chart repository on loopback: a chart packaged and indexed by the real helm, served over HTTP.
let work: string;
let server: http.Server;
let repository: string;
let digest: string;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'vendor-'));
  const chart = path.join(work, 'upstream');
  fs.mkdirSync(path.join(chart, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: upstream\nversion: 1.0.0\n');
  fs.writeFileSync(
    path.join(chart, 'templates', 'configmap.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n',
  );
  fs.writeFileSync(path.join(chart, 'values.yaml'), 'name: from-upstream\n');
  const repo = path.join(work, 'repo');
  execFileSync(toolPath('helm'), ['package', chart, '-d', repo]);
  server = http.createServer((request, response) => {
    const file = path.join(repo, path.basename(request.url ?? ''));
    if (!fs.existsSync(file)) return void response.writeHead(404).end();
    response.writeHead(200).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  repository = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  execFileSync(toolPath('helm'), ['repo', 'index', repo, '--url', repository]);
  digest = createHash('sha256')
    .update(fs.readFileSync(path.join(repo, 'upstream-1.0.0.tgz')))
    .digest('hex');
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(work, { recursive: true, force: true });
});

/** A synthesized addon stage that wraps the upstream chart, pinned to `pin`. */
function tree(pin: string): Map<string, string> {
  return new Map([
    [
      'cluster-addon/wrapped/Chart.yaml',
      `apiVersion: v2\nname: wrapped\nversion: v1\nannotations:\n  cluster-stacks-ts.dev/dependency-digest: sha256:${pin}\ndependencies:\n  - name: upstream\n    version: 1.0.0\n    repository: ${repository}\n`,
    ],
    ['cluster-addon/wrapped/values.yaml', 'upstream:\n  name: from-wrapper\n'],
  ]);
}

describe('vendoring digest-pinned upstream charts', () => {
  test('GIVEN a pinned dependency WHEN vendored THEN the verified archive lands in charts/ and helm renders it without fetching', async () => {
    // WHEN
    const files = await vendorCharts(tree(digest));
    // THEN
    expect([...files.keys()]).toEqual(['cluster-addon/wrapped/charts/upstream-1.0.0.tgz']);
    const stage = path.join(work, 'addons', 'wrapped');
    fs.mkdirSync(path.join(stage, 'charts'), { recursive: true });
    for (const [name, content] of [...tree(digest), ...files]) {
      // The chart's repository is made unreachable: helm must render from charts/ without fetching.
      const text = name.endsWith('Chart.yaml')
        ? content.toString().replace(repository, 'http://127.0.0.1:9')
        : content;
      fs.writeFileSync(path.join(work, 'addons', name.replace('cluster-addon/', '')), text);
    }
    const rendered = helmTemplateAddon(path.join(work, 'addons'), 'wrapped', 'v1.35.1', '');
    expect(rendered).toContain('name: from-wrapper');
  });

  test('GIVEN a pin that does not match the repository WHEN vendored THEN nothing is returned and the mismatch is named', async () => {
    const wrong = '0'.repeat(64);
    await expect(vendorCharts(tree(wrong))).rejects.toThrow(
      `upstream 1.0.0: the repository lists digest ${digest}, the stack pins ${wrong}`,
    );
  });
});
