// npm run lab -- <command>: the air-gapped end-to-end lab.
import { LabError, LabUsageError } from './util/errors';
import { commands } from './commands';

const USAGE = `usage: npm run lab -- <command> [options]

commands:
  engine     set up a Docker engine (Debian docker.io, the runc shim where the host needs it) or reuse one
  build      build the lab's world from pinned sources: node images, Cluster API, addon images
             --minors 1-35,1-34   only these Kubernetes minors (default: every LAB_K8S_* pin)
             --supplied DIR       image archives (docker save or OCI layout) for what cannot be built here
  up         create the management cluster from the built world and wait for every controller
  down       remove every container, network and volume the lab created
  test       run scenarios of a docker stack: --stack docker-scs-1-35 [--scenarios create,ready,hardening,scs,upgrade-patch,upgrade-minor,delete]
             --break encryption   test a scratch copy of the release broken on purpose (the run must fail)
  node-test  boot one node per built node image, run kubeadm init and check /readyz
  status     show what the lab has built and what is running

options: --debug (stack traces), --help`;

async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (command === undefined) {
    process.stderr.write(`lab: unknown command "${name}"\n${USAGE}\n`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (err) {
    if (err instanceof LabError && !debug) {
      process.stderr.write(`lab ${name}: ${err.message}\n`);
      return err instanceof LabUsageError ? 2 : 1;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
