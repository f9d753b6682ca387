// Building blocks of the management cluster, used by tools/e2e/scripts/management-cluster.sh:
//   npx tsx tools/e2e/src/setup-main.ts kind-config --node-image <image> --releases <dir>
//   npx tsx tools/e2e/src/setup-main.ts cso-manifests --from <cso-infrastructure-components.yaml>
// Both print YAML to stdout.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { csoLocalMode } from './setup/cso-local-mode';
import { envsubst } from './setup/envsubst';
import { kindConfig } from './setup/kind-config';

const USAGE = `Usage: npx tsx tools/e2e/src/setup-main.ts <command> [options]

Commands:
  kind-config --node-image <image> --releases <dir>
      kind configuration of a CAPD management cluster that mounts the Docker socket and <dir>
  cso-manifests --from <file>
      CSO's released manifests with their variables substituted (defaults, or values from the
      environment) and the manager switched to local mode, reading the releases kind-config mounts
`;

function option(args: readonly string[], name: string): string {
  const index = args.indexOf(name);
  const value = index === -1 ? undefined : args[index + 1];
  if (!value) throw new Error(`${name} is required\n\n${USAGE}`);
  return value;
}

function run(argv: readonly string[]): string {
  const [command, ...args] = argv;
  switch (command) {
    case 'kind-config':
      return kindConfig({
        nodeImage: option(args, '--node-image'),
        releasesHostPath: path.resolve(option(args, '--releases')),
      });
    case 'cso-manifests':
      return csoLocalMode(envsubst(fs.readFileSync(option(args, '--from'), 'utf8'), process.env));
    default:
      throw new Error(`unknown command ${JSON.stringify(command ?? '')}\n\n${USAGE}`);
  }
}

try {
  process.stdout.write(run(process.argv.slice(2)));
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
