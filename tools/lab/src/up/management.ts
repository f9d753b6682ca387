// `lab up`: the management cluster from the built world. kind with the lab's node image, then
// Cluster API core, CABPK, KCP and CAPD from the lab's images and manifests, webhook certificates
// signed by the lab, and a wait until every controller is Available.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuiltComponent } from '../build/world';
import { capiProviders } from '../recipes/management';
import type { LabMinor } from '../recipes/minors';
import { nodeImageRef } from '../recipes/node';
import { added, readState, updateState } from '../state';
import { LabError } from '../util/errors';
import { probe, run } from '../util/exec';
import { labOutputDir } from '../util/paths';
import type { Progress } from '../util/progress';
import { signCertificates } from './certificates';
import { closeEgress } from './egress';
import {
  certificateRequests,
  labComponents,
  parseManifests,
  substituteVariables,
  toYaml,
} from './components';
import { CSO_DEPLOYMENT, CSO_NAMESPACE, csoImage } from './cso';
import { bridgeConflist, labKindConfig, MANAGEMENT_CLUSTER } from './kind-cluster';
import { csoLocalMode, NODE_RELEASES_PATH, type CsoMode } from '@cluster-stacks/e2e';

/** clusterctl variables of the providers: the feature gates CSO and ClusterClasses need. */
export const PROVIDER_VARIABLES: Readonly<Record<string, string>> = {
  CLUSTER_TOPOLOGY: 'true',
  EXP_CLUSTER_RESOURCE_SET: 'true',
  EXP_RUNTIME_SDK: 'true',
  EXP_MACHINE_POOL: 'true',
};

export interface Management {
  readonly kubeconfig: string;
  readonly kubectl: string;
  readonly kind: string;
  /** Who does CSO's part: the supplied operator, in local mode, or the driver's emulation. */
  readonly cso: CsoMode;
}

export function managementPaths(world: readonly BuiltComponent[], minor: LabMinor): Omit<Management, 'cso'> {
  const dir = (id: string) => {
    const b = world.find((w) => w.component.id === id);
    if (b === undefined) throw new LabError(`${id} is not part of the built world`);
    return b.dir;
  };
  return {
    kubeconfig: join(labOutputDir(), `${MANAGEMENT_CLUSTER}.kubeconfig`),
    kubectl: join(dir(`kubernetes-${minor.patch}`), 'bin', 'kubectl'),
    kind: join(dir('kind'), 'bin', 'kind'),
  };
}

function networkExists(name: string): boolean {
  return probe('docker', ['network', 'inspect', name]) !== undefined;
}

export async function up(
  world: readonly BuiltComponent[],
  minor: LabMinor,
  capiVersion: string,
  progress: Progress,
  releasesDir: string,
  csoComponents?: string,
): Promise<Management> {
  const paths = managementPaths(world, minor);
  const out = labOutputDir();
  mkdirSync(out, { recursive: true });
  mkdirSync(releasesDir, { recursive: true });
  const kubectl = (args: string[], input?: string) =>
    run(paths.kubectl, ['--kubeconfig', paths.kubeconfig, ...args], { input });

  await progress.step(`kind cluster ${MANAGEMENT_CLUSTER} on ${nodeImageRef(minor)}`, async () => {
    if (
      readState().kindClusters.includes(MANAGEMENT_CLUSTER) &&
      probe(paths.kind, ['get', 'kubeconfig', '--name', MANAGEMENT_CLUSTER]) !== undefined
    ) {
      return { outcome: 'reused' as const };
    }
    const hadNetwork = networkExists('kind');
    const conflist = join(out, 'mgmt-bridge.conflist');
    writeFileSync(conflist, bridgeConflist());
    const config = join(out, 'kind-config.yaml');
    writeFileSync(
      config,
      labKindConfig({
        nodeImage: nodeImageRef(minor),
        conflistHostPath: conflist,
        releasesHostPath: releasesDir,
      }),
    );
    updateState((s) => ({ ...s, kindClusters: added(s.kindClusters, MANAGEMENT_CLUSTER) }));
    await run(
      paths.kind,
      [
        'create',
        'cluster',
        '--name',
        MANAGEMENT_CLUSTER,
        '--config',
        config,
        '--kubeconfig',
        paths.kubeconfig,
        '--wait',
        '5m',
      ],
      {
        logFile: join(out, 'kind-create.log'),
      },
    );
    if (!hadNetwork) updateState((s) => ({ ...s, networks: added(s.networks, 'kind') }));
    return { outcome: 'built' as const, detail: `kubeconfig ${paths.kubeconfig}` };
  });

  await progress.step("close the kind network's egress (DOCKER-USER rule)", async () => {
    const bridge = await closeEgress('kind');
    updateState((s) => ({ ...s, egressRules: added(s.egressRules, bridge) }));
    return {
      outcome: 'done' as const,
      detail: `${bridge}: forwarding to anything but the bridge is refused`,
    };
  });

  const namespaces = [
    'capi-system',
    'capi-kubeadm-bootstrap-system',
    'capi-kubeadm-control-plane-system',
    'capd-system',
  ];
  const available = async () => {
    for (const ns of namespaces) {
      const r = await run(
        paths.kubectl,
        [
          '--kubeconfig',
          paths.kubeconfig,
          'wait',
          '--for=condition=Available',
          'deployment',
          '--all',
          '-n',
          ns,
          '--timeout=5s',
        ],
        {
          okCodes: [0, 1],
        },
      );
      if (r.code !== 0 || r.stdout.trim() === '') return false;
    }
    return true;
  };
  // A management cluster whose controllers all run is kept as it is: applying again would sign new
  // webhook certificates under controllers that still serve the old ones.
  const withCso = async (): Promise<Management> => {
    if (csoComponents === undefined) return { ...paths, cso: 'emulated' };
    await ensureCso(paths, csoComponents, progress);
    return { ...paths, cso: 'operator' };
  };
  if (await available()) {
    progress.info(`Cluster API controllers already Available in ${MANAGEMENT_CLUSTER}: kept`);
    return withCso();
  }
  const capi = world.find((w) => w.component.id === 'cluster-api')!;
  const providers = capiProviders(capiVersion);
  await progress.step('load controller images into the management node', async () => {
    await run(
      paths.kind,
      ['load', 'docker-image', '--name', MANAGEMENT_CLUSTER, ...providers.map((p) => p.image)],
      { logFile: join(out, 'kind-load.log') },
    );
    return { outcome: 'done' as const, detail: providers.map((p) => p.image).join(', ') };
  });

  for (const p of providers) {
    await progress.step(`apply ${p.name} (${capiVersion})`, async () => {
      const source = join(capi.dir, `${p.name}.yaml`);
      if (!existsSync(source)) throw new LabError(`${source} is missing: run npm run lab -- build`);
      const objects = parseManifests(
        substituteVariables(readFileSync(source, 'utf8'), PROVIDER_VARIABLES),
        source,
      );
      const certificates = await signCertificates(certificateRequests(objects));
      const manifest = toYaml(labComponents({ objects, image: p.image, certificates }));
      const file = join(out, `components-${p.name}.yaml`);
      writeFileSync(file, manifest.replace(/(tls\.key|tls\.crt|ca\.crt): .*/g, '$1: <redacted>'));
      await kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], manifest);
      return {
        outcome: 'done' as const,
        detail: `${objects.length} objects, ${certificates.size} certificates signed by the lab`,
      };
    });
  }

  await progress.step('wait for every controller to be Available', async () => {
    const namespaces = [
      'capi-system',
      'capi-kubeadm-bootstrap-system',
      'capi-kubeadm-control-plane-system',
      'capd-system',
    ];
    for (const ns of namespaces) {
      await kubectl(['wait', '--for=condition=Available', 'deployment', '--all', '-n', ns, '--timeout=300s']);
    }
    return { outcome: 'done' as const, detail: namespaces.join(', ') };
  });
  return withCso();
}

/**
 * The supplied Cluster Stack Operator in local mode (see cso.ts): its image loaded into the management node,
 * its webhook and hook-server certificates signed by the lab, and a wait until it is Available. A CSO that is
 * Available already is kept.
 */
async function ensureCso(
  paths: Omit<Management, 'cso'>,
  componentsFile: string,
  progress: Progress,
): Promise<void> {
  const kubectl = (args: string[], input?: string, okCodes?: number[]) =>
    run(paths.kubectl, ['--kubeconfig', paths.kubeconfig, ...args], { input, okCodes });
  const ready = await kubectl(
    ['get', 'deployment', CSO_DEPLOYMENT, '-n', CSO_NAMESPACE, '-o', 'jsonpath={.status.availableReplicas}'],
    undefined,
    [0, 1],
  );
  if (ready.code === 0 && Number(ready.stdout.trim()) > 0) {
    progress.info(`Cluster Stack Operator already Available in ${MANAGEMENT_CLUSTER}: kept`);
    return;
  }
  const objects = parseManifests(
    csoLocalMode(substituteVariables(readFileSync(componentsFile, 'utf8'), {})),
    componentsFile,
  );
  const image = csoImage(objects);
  await progress.step(`load the supplied CSO image ${image} into the management node`, async () => {
    if (probe('docker', ['image', 'inspect', image]) === undefined)
      throw new LabError(
        `${componentsFile} names the image ${image}, which no supplied archive holds: add "docker save ${image}" output to the supplied folder and run npm run lab -- build`,
      );
    await run(paths.kind, ['load', 'docker-image', '--name', MANAGEMENT_CLUSTER, image], {
      logFile: join(labOutputDir(), 'kind-load.log'),
    });
    return { outcome: 'done' as const, detail: image };
  });
  await progress.step('apply the Cluster Stack Operator in local mode', async () => {
    const certificates = await signCertificates(certificateRequests(objects));
    const manifest = toYaml(labComponents({ objects, image, certificates }));
    writeFileSync(
      join(labOutputDir(), 'components-cso.yaml'),
      manifest.replace(/(tls\.key|tls\.crt|ca\.crt): .*/g, '$1: <redacted>'),
    );
    await kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], manifest);
    await kubectl([
      'wait',
      '--for=condition=Available',
      'deployment',
      CSO_DEPLOYMENT,
      '-n',
      CSO_NAMESPACE,
      '--timeout=300s',
    ]);
    return {
      outcome: 'done' as const,
      detail: `${objects.length} objects, ${certificates.size} certificates signed by the lab; --local=true, releases from ${NODE_RELEASES_PATH}`,
    };
  });
}
