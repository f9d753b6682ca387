import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listFiles, workspaceRoot } from './util/files';

/**
 * A fresh clone of the committed tree that can build: the clone gets its own node_modules folder whose
 * entries link to the installed packages, except the workspace packages, which link to the clone's sources.
 */
export function cloneForBuild(ref = 'HEAD', root = workspaceRoot()): { dir: string; cleanup: () => void } {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'clone-'));
  const dir = path.join(parent, 'repo');
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', root, dir], { stdio: 'ignore' });
  execFileSync('git', ['checkout', '--quiet', ref], { cwd: dir, stdio: 'ignore' });
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(root, 'node_modules'))) {
    if (entry === '@cluster-stacks') continue;
    fs.symlinkSync(path.join(root, 'node_modules', entry), path.join(modules, entry));
  }
  fs.mkdirSync(path.join(modules, '@cluster-stacks'));
  for (const group of ['packages', 'tools']) {
    for (const pkg of fs.readdirSync(path.join(dir, group))) {
      const manifest = path.join(dir, group, pkg, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const name = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name: string }).name.replace(
        '@cluster-stacks/',
        '',
      );
      fs.symlinkSync(path.join(dir, group, pkg), path.join(modules, '@cluster-stacks', name));
    }
  }
  return { dir, cleanup: () => fs.rmSync(parent, { recursive: true, force: true }) };
}

/** Builds the given projects in a checkout and returns `<release>/<file>` → sha256 of every release file. */
export function buildAndDigest(dir: string, projects: string[]): Map<string, string> {
  execFileSync(process.execPath, ['tools/cli/bin/cs.cjs', 'build', ...projects], {
    cwd: dir,
    stdio: 'ignore',
  });
  const releases = path.join(dir, 'dist', 'releases');
  return new Map(
    listFiles(releases).map((file) => [
      file,
      createHash('sha256')
        .update(fs.readFileSync(path.join(releases, file)))
        .digest('hex'),
    ]),
  );
}
