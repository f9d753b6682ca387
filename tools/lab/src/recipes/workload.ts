// The workload the upgrade scenarios keep running across a rollout: an idle container (the lab's static
// pause binary) in every node image, so that Pods rescheduled onto the nodes of a new minor start without a
// registry, as an application's own images would in an air-gapped cloud with a mirror.
import { join } from 'node:path';
import { buildImage, saveImages } from '../build/docker';
import type { Component } from '../build/component';

export const WORKLOAD_IMAGE = 'cslab/idle-workload:v1';

export const workloadImage: Component = {
  id: 'workload-image',
  kind: 'image',
  title: `${WORKLOAD_IMAGE}, the idle workload of the upgrade scenarios`,
  recipe: 1,
  pins: [],
  files: [],
  deps: ['pause'],
  async build(ctx) {
    const image = await buildImage(
      {
        tags: [WORKLOAD_IMAGE],
        dockerfile: ['FROM scratch', 'COPY pause /idle', 'USER 65535:65535', 'ENTRYPOINT ["/idle"]'].join(
          '\n',
        ),
        files: { pause: { copy: join(ctx.dep('pause').dir, 'bin', 'pause'), mode: 0o755 } },
      },
      join(ctx.work, 'context'),
      ctx.key,
      ctx.log,
    );
    await saveImages([WORKLOAD_IMAGE], join(ctx.out, 'image.tar'));
    return { images: { [WORKLOAD_IMAGE]: image }, sources: ctx.dep('pause').meta.sources };
  },
};
