import { helmValue, invalidProp } from '@cluster-stacks/core';

/** The Secret in the workload cluster's kube-system that holds `clouds.yaml` (distributed by a ClusterResourceSet). */
export const CLOUDS_YAML_SECRET = 'clouds-yaml';

/** Where the addons mount that Secret: one of the places the OpenStack clients look for clouds.yaml. */
export const CLOUDS_YAML_DIR = '/etc/openstack';

/** The clouds.yaml entry used when the Cluster's OpenStackCluster names none. */
export const DEFAULT_CLOUD_NAME = 'openstack';

/** The cluster name used when CSO renders the addon without a Cluster (never in a real cluster). */
export const DEFAULT_CLUSTER_NAME = 'kubernetes';

/**
 * The per-cluster values of the OpenStack addons, rendered by CSO against the Cluster and its OpenStackCluster:
 * `clusterName` (the Cluster's name: it tags the load balancers and volumes the addons create) and `cloudName`
 * (the clouds.yaml entry CAPO uses, `identityRef.cloudName`, so workload and management cluster agree).
 */
export function openstackAddonOverwrite(): string {
  return [
    '{{- /* cloudName: the clouds.yaml entry of the OpenStackCluster (identityRef.cloudName), else the default. */}}',
    `{{- $cloudName := ${JSON.stringify(DEFAULT_CLOUD_NAME)} }}`,
    '{{- with .InfraCluster }}',
    `{{- $cloudName = dig "spec" "identityRef" "cloudName" ${JSON.stringify(DEFAULT_CLOUD_NAME)} . }}`,
    '{{- end }}',
    'values: |',
    '  clusterName: {{ .Cluster.metadata.name | quote }}',
    '  cloudName: {{ $cloudName | quote }}',
    '',
  ].join('\n');
}

/** The default values of the OpenStack addons; CSO replaces them through {@link openstackAddonOverwrite}. */
export const OPENSTACK_ADDON_VALUES = {
  clusterName: DEFAULT_CLUSTER_NAME,
  cloudName: DEFAULT_CLOUD_NAME,
} as const;

/**
 * `cloud.conf` of the cloud-provider-openstack components: credentials come from the mounted clouds.yaml
 * (`use-clouds`), the entry from the per-cluster `cloudName` value. Further sections are appended as given.
 */
export function cloudConf(
  extraSections: Readonly<Record<string, Readonly<Record<string, string>>>> = {},
): string {
  const lines = [
    '[Global]',
    'use-clouds = true',
    `clouds-file = ${CLOUDS_YAML_DIR}/clouds.yaml`,
    `cloud = ${helmValue('cloudName')}`,
  ];
  for (const [section, entries] of Object.entries(extraSections)) {
    lines.push('', `[${section}]`, ...Object.entries(entries).map(([key, value]) => `${key} = ${value}`));
  }
  return `${lines.join('\n')}\n`;
}

const IMAGE =
  /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/;

/** Throws unless `image` is a reference pinned by tag or digest. */
export function checkPinnedImage(where: string, prop: string, image: string, example: string): void {
  const pinned = /:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(@sha256:[0-9a-f]{64})?$|@sha256:[0-9a-f]{64}$/.test(
    image.replace(/^[^/]*\//, ''),
  );
  if (!IMAGE.test(image) || !pinned) {
    throw invalidProp(
      where,
      prop,
      image,
      `an image reference pinned by tag or digest, such as ${JSON.stringify(example)}`,
    );
  }
}

/** Throws unless `version` is a release tag such as `v1.35.0`. */
export function checkReleaseTag(where: string, prop: string, version: string): void {
  if (!/^v\d+\.\d+\.\d+$/.test(version)) {
    throw invalidProp(where, prop, version, 'a release tag such as "v1.35.0"');
  }
}
