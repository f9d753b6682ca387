// The publish CLI: `publish <release-dir>... --registry <host[:port]> --repository <path> [--plain-http]`.
// Exit codes: 0 everything published, 1 a release failed (or its tag exists already), 2 usage error.
import { authFromEnv, OciAuth, validateRegistry, validateRepository } from './oci-client';
import { PublishOptions, publishRelease, RELEASE_TAG_GRAMMAR, TagExistsError } from './publish';

export const USAGE = `Usage: publish <release-dir>... --registry <host[:port]> --repository <path> [--plain-http]

Pushes each release directory (dist/releases/<tag>/) to an OCI registry as the artifact the Cluster
Stack Operator downloads, tagged with the directory name (${RELEASE_TAG_GRAMMAR}, at most 128 characters).
A tag that already exists is never overwritten: that release fails and the exit code is 1.

Options:
  --registry <host[:port]>   registry host, no scheme (default: $OCI_REGISTRY)
  --repository <path>        repository in the registry, e.g. kaas/cluster-stacks (default: $OCI_REPOSITORY;
                             a leading "<registry>/" is dropped, so CSO's full OCI_REPOSITORY works too)
  --plain-http               use HTTP instead of HTTPS (a local test registry)
  -h, --help                 show this help

Credentials (optional, as csctl reads them): OCI_ACCESS_TOKEN, or OCI_USERNAME and OCI_PASSWORD.

Exit codes: 0 published, 1 a release failed, 2 usage error.`;

export interface CliIo extends PublishOptions {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

class UsageError extends Error {}

interface Options {
  readonly dirs: string[];
  readonly registry: string;
  readonly repository: string;
  readonly plainHttp: boolean;
  readonly auth: OciAuth;
}

function parseOptions(args: readonly string[], env: NodeJS.ProcessEnv): Options | 'help' {
  const dirs: string[] = [];
  let registry: string | undefined;
  let repository: string | undefined;
  let plainHttp = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--plain-http') {
      plainHttp = true;
      continue;
    }
    const flag = /^--(registry|repository)(?:=(.*))?$/.exec(arg);
    if (flag !== null) {
      const value = flag[2] ?? args[++i];
      if (value === undefined || value === '') throw new UsageError(`--${flag[1]} needs a value`);
      if (flag[1] === 'registry') registry = value;
      else repository = value;
      continue;
    }
    if (arg === '--') {
      dirs.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    dirs.push(arg);
  }
  if (dirs.length === 0) throw new UsageError('no release directory given');
  registry = registry ?? (env.OCI_REGISTRY || undefined);
  repository = repository ?? (env.OCI_REPOSITORY || undefined);
  if (registry === undefined) throw new UsageError('no registry: pass --registry or set OCI_REGISTRY');
  if (repository === undefined)
    throw new UsageError('no repository: pass --repository or set OCI_REPOSITORY');
  if (repository.startsWith(`${registry}/`)) repository = repository.slice(registry.length + 1);
  try {
    validateRegistry(registry);
    validateRepository(repository);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  let auth: OciAuth;
  try {
    auth = authFromEnv(env);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return { dirs, registry, repository, plainHttp, auth };
}

/** Runs the CLI; returns the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '-h' || command === '--help') {
    if (command === undefined) {
      io.stderr(USAGE);
      return 2;
    }
    io.stdout(USAGE);
    return 0;
  }
  if (command !== 'publish') {
    io.stderr(`publish: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  let options: Options | 'help';
  try {
    options = parseOptions(args, io.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`publish: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  let failed = 0;
  for (const dir of options.dirs) {
    try {
      const result = await publishRelease(dir, options, { verify: io.verify });
      io.stdout(
        `published ${result.reference} (${result.digest}, ${result.files.length} files; ${result.uploaded} blobs uploaded, ${result.reused} already present)`,
      );
      if (result.skipped.length > 0)
        io.stdout(`  not published (not regular files): ${result.skipped.join(', ')}`);
    } catch (e) {
      failed++;
      io.stderr(`publish: ${e instanceof TagExistsError ? e.message : `${dir}: ${(e as Error).message}`}`);
    }
  }
  if (failed > 0 && options.dirs.length > 1)
    io.stderr(`publish: ${failed} of ${options.dirs.length} releases failed`);
  return failed === 0 ? 0 : 1;
}
