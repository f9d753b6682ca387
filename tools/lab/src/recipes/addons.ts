// Images of the docker stack's addons: built here where the source is served (metrics-server),
// supplied as archives by the operator where it is not (kindnet, kubelet-csr-approver, CSO).
import { join } from 'node:path';
import { buildImage, saveImages } from '../build/docker';
import { goBuild } from '../build/go-build';
import type { Component } from '../build/component';

export const METRICS_SERVER_IMAGE = 'cslab/metrics-server';

export const metricsServer: Component = {
  id: 'metrics-server',
  kind: 'image',
  title: 'metrics-server',
  recipe: 2,
  pins: ['LAB_METRICS_SERVER_VERSION'],
  files: [],
  deps: [],
  async build(ctx) {
    const version = ctx.pins.get('LAB_METRICS_SERVER_VERSION');
    const m = 'sigs.k8s.io/metrics-server';
    await goBuild(
      'metrics-server',
      {
        requires: [{ module: m, version }],
        programs: [{ pkg: `${m}/cmd/metrics-server` }],
        // client-go's version variables, as metrics-server's own build sets them. Not component-base's: the
        // generic API server derives its emulated Kubernetes version from those, and v0.8.1 there serves no
        // metrics API (404).
        ldflags: `-X k8s.io/client-go/pkg/version.gitVersion=${version} -X k8s.io/client-go/pkg/version.gitCommit=lab`,
      },
      ctx.work,
      join(ctx.out, 'bin'),
      ctx.log,
    );
    const ref = `${METRICS_SERVER_IMAGE}:${version}`;
    const id = await buildImage(
      {
        tags: [ref],
        dockerfile: [
          'FROM scratch',
          'COPY metrics-server /metrics-server',
          'USER 65534:65534',
          'ENTRYPOINT ["/metrics-server"]',
        ].join('\n'),
        files: { 'metrics-server': { copy: join(ctx.out, 'bin', 'metrics-server'), mode: 0o755 } },
      },
      join(ctx.work, 'context'),
      ctx.key,
      ctx.log,
    );
    await saveImages([ref], join(ctx.out, 'image.tar'));
    return { images: { [ref]: id }, sources: [`${m}@${version}`] };
  },
};
