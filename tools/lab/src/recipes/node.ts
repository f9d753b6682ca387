// The node image of one Kubernetes patch: kind-compatible (the management cluster's node) and a
// CAPD machine image. Made of the Debian base, containerd, runc, CNI plugins, kubelet, kubeadm and
// kubectl of that patch, kind's entrypoint and units, and the control-plane and addon images
// preloaded into containerd's content store.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildImage, imageId, KEY_LABEL, OWNER_LABEL } from '../build/docker';
import type { BuildContext, Component } from '../build/component';
import { run } from '../util/exec';
import { LabError } from '../util/errors';
import { controlPlaneImageRefs } from './kubernetes';
import type { LabMinor } from './minors';
import { containerdConfig, KUBELET_LAB_DROPIN, NODE_SETUP_SCRIPT } from './node-files';

export const NODE_REPOSITORY = 'cslab/node';

export function nodeImageRef(m: LabMinor): string {
  return `${NODE_REPOSITORY}:${m.patch}`;
}

type FileSpec = { copy: string; mode?: number } | { text: string; mode?: number };

function overlayFiles(ctx: BuildContext, m: LabMinor): Record<string, FileSpec> {
  const files: Record<string, FileSpec> = {};
  const bins = (dep: string, dest: string, names?: string[]) => {
    const dir = join(ctx.dep(dep).dir, 'bin');
    for (const name of names ?? readdirSync(dir))
      files[`overlay${dest}/${name}`] = { copy: join(dir, name), mode: 0o755 };
  };
  bins('containerd', '/usr/local/bin');
  bins('runc', '/usr/local/sbin');
  bins('runc-shim', '/usr/local/bin');
  bins('crictl', '/usr/local/bin');
  bins('cni-plugins', '/opt/cni/bin');
  bins(`kubernetes-${m.patch}`, '/usr/bin', ['kubeadm', 'kubelet', 'kubectl']);
  const base = join(ctx.dep('kind').dir, 'base-files');
  const kindFiles = [
    'usr/local/bin/entrypoint',
    'kind/bin/create-kubelet-cgroup-v2.sh',
    'kind/bin/mount-product-files.sh',
    'kind/bin/undo-mount-hacks.sh',
    'etc/systemd/system/containerd.service',
    'etc/systemd/system/kubelet.service',
    'etc/systemd/system/kubelet.slice',
    'etc/systemd/system/undo-mount-hacks.service',
    'etc/systemd/system/kubelet.service.d/10-kubeadm.conf',
    'etc/systemd/system/kubelet.service.d/11-kind.conf',
    'etc/default/kubelet',
    'etc/sysctl.d/10-network-magic.conf',
    'etc/sysctl.d/10-network-security.conf',
    'etc/crictl.yaml',
  ];
  for (const f of kindFiles)
    files[`overlay/${f}`] = { copy: join(base, f), mode: f.includes('bin/') ? 0o755 : 0o644 };
  files['overlay/etc/containerd/config.toml'] = { text: containerdConfig(controlPlaneImageRefs(m).pause!) };
  files['overlay/etc/systemd/system/kubelet.service.d/12-lab.conf'] = { text: KUBELET_LAB_DROPIN };
  files['overlay/kind/version'] = { text: m.patch };
  files['setup.sh'] = { text: NODE_SETUP_SCRIPT };
  return files;
}

/** Archives of images to preload into every node besides the control-plane images (addons). */
export interface Preload {
  readonly component: string;
  readonly archive: string;
}

export function nodeImage(m: LabMinor, preloads: readonly Preload[]): Component {
  const deps = [
    'debian-base',
    'containerd',
    'runc',
    'runc-shim',
    'crictl',
    'cni-plugins',
    'kind',
    `kubernetes-${m.patch}`,
    `control-plane-images-${m.patch}`,
  ];
  return {
    id: `node-${m.patch}`,
    kind: 'image',
    title: `node image ${nodeImageRef(m)}`,
    recipe: 1,
    pins: [],
    files: [],
    // The files the lab writes into the node key it by their text.
    extraInputs: {
      nodeFiles: createHash('sha256')
        .update(containerdConfig(controlPlaneImageRefs(m).pause!) + KUBELET_LAB_DROPIN + NODE_SETUP_SCRIPT)
        .digest('hex'),
    },
    deps: [...deps, ...preloads.map((p) => p.component)],
    async build(ctx) {
      const base = Object.keys(ctx.dep('debian-base').meta.images)[0]!;
      const stage = `cslab/node-stage:${m.patch}-${ctx.key}`;
      await buildImage(
        {
          tags: [stage],
          dockerfile: [
            `FROM ${base}`,
            'COPY overlay/ /',
            'COPY setup.sh /tmp/setup.sh',
            'RUN sh /tmp/setup.sh && rm /tmp/setup.sh',
            'ENV container=docker',
            'STOPSIGNAL SIGRTMIN+3',
            'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]',
            'CMD []',
          ].join('\n'),
          files: overlayFiles(ctx, m),
        },
        join(ctx.work, 'context'),
        ctx.key,
        ctx.log,
      );
      // Preload: containerd runs by hand in a stopped-down container (no systemd), imports the
      // archives into its content store without unpacking, and the result is committed.
      const name = `cslab-nodebuild-${ctx.key}`;
      await run('docker', ['rm', '-f', name], { okCodes: [0, 1] });
      await run(
        'docker',
        [
          'run',
          '-d',
          '--privileged',
          '--name',
          name,
          '--label',
          `${OWNER_LABEL}=build`,
          '--tmpfs',
          '/run',
          '--tmpfs',
          '/tmp',
          '--entrypoint',
          'sleep',
          stage,
          'infinity',
        ],
        { logFile: ctx.log },
      );
      try {
        await run('docker', ['exec', '-d', name, 'sh', '-c', 'containerd >/tmp/containerd.log 2>&1'], {
          logFile: ctx.log,
        });
        let up = false;
        for (let i = 0; i < 60 && !up; i++) {
          up = (await run('docker', ['exec', name, 'ctr', 'version'], { okCodes: [0, 1] })).code === 0;
          if (!up) await new Promise((r) => setTimeout(r, 500));
        }
        if (!up) throw new LabError(`containerd did not start in the node build container ${name}`);
        const archives = [
          join(ctx.dep(`control-plane-images-${m.patch}`).dir, 'images.tar'),
          ...preloads.map((p) => join(ctx.dep(p.component).dir, p.archive)),
        ];
        // containerd's image commands in the build container.
        const images = (args: string[]) =>
          run('docker', ['exec', name, 'ctr', '-n', 'k8s.io', 'images', ...args], { logFile: ctx.log });
        for (const archive of archives) {
          await run('docker', ['cp', archive, `${name}:/preload.tar`], { logFile: ctx.log });
          await images([
            'import',
            '--no-unpack',
            '--label',
            'io.cri-containerd.pinned=pinned',
            '/preload.tar',
          ]);
          await run('docker', ['exec', name, 'rm', '/preload.tar']);
        }
        const listed = (await run('docker', ['exec', name, 'ctr', '-n', 'k8s.io', 'images', 'list', '-q']))
          .stdout;
        for (const ref of Object.values(controlPlaneImageRefs(m))) {
          if (!listed.split('\n').includes(ref))
            throw new LabError(`node ${m.patch}: ${ref} is missing after the preload`);
        }
        await run('docker', [
          'exec',
          name,
          'sh',
          '-c',
          'pkill containerd; sleep 1; rm -rf /var/log/* /run/containerd; : > /etc/machine-id',
        ]);
        await run('docker', ['stop', '-t', '2', name], { logFile: ctx.log });
        const ref = nodeImageRef(m);
        await run(
          'docker',
          [
            'commit',
            '-c',
            'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]',
            '-c',
            'CMD []',
            '-c',
            `LABEL ${KEY_LABEL}=${ctx.key}`,
            name,
            ref,
          ],
          { logFile: ctx.log },
        );
        await run('docker', ['image', 'rm', stage], { okCodes: [0, 1] });
        return {
          images: { [ref]: imageId(ref)! },
          sources: deps.concat(preloads.map((p) => p.component)),
        };
      } finally {
        await run('docker', ['rm', '-f', name], { okCodes: [0, 1] });
      }
    },
  };
}
