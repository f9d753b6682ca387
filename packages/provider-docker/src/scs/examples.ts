import {
  ClusterFeatureVariables,
  ClusterStack,
  EXAMPLE_OIDC_ISSUERS,
  ExampleCluster,
  HardeningVariables,
} from '@cluster-stacks/core';
import { DockerScsVariables } from './variables';

/**
 * Example Clusters of the docker/scs ClusterClass: one with defaults only, one that sets every variable of the
 * stack and the hardening profile, one that sets the core's node features (registry mirrors, HTTP proxy,
 * certificate renewal; not NTP: the nodes share the host's clock), which need a reachable mirror and proxy to run, and one whose API server accepts
 * tokens of two OpenID Connect providers. They document the stack and feed the topology dry run and the
 * end-to-end tests.
 */
export function addDockerScsExamples(stack: ClusterStack): void {
  new ExampleCluster<DockerScsVariables & HardeningVariables>(stack, 'DefaultsExample', {
    name: 'defaults',
    description: 'One control-plane node and one worker, every variable at its default.',
  });
  new ExampleCluster<DockerScsVariables & HardeningVariables>(stack, 'AllVariablesExample', {
    name: 'all-variables',
    description:
      'Three control-plane nodes and two workers, every variable of the stack and the hardening profile set.',
    controlPlaneReplicas: 3,
    machineDeployments: [{ class: 'default-worker', name: 'md-0', replicas: 2 }],
    variables: {
      imageRepository: 'registry.example.com/k8s',
      etcdImageTag: '3.5.21-0',
      coreDNSImageTag: 'v1.12.0',
      nodeImageRepository: 'registry.example.com/docker.io/kindest/node',
      certSANs: ['api.example.com'],
      podSecurityStandard: { enabled: true, enforce: 'restricted', audit: 'restricted', warn: 'restricted' },
      auditLog: { maxAgeDays: 7, maxBackups: 3, maxSizeMegabytes: 50 },
      controlPlaneMetricsBindAddress: '0.0.0.0',
      terminatedPodGCThreshold: 500,
      kubeletMaxPods: 150,
      mountHostDockerSocket: true,
      hostPathProvisioner: true,
    },
  });
  new ExampleCluster<ClusterFeatureVariables>(stack, 'NodeFeaturesExample', {
    name: 'node-features',
    description:
      'One control-plane node and one worker pulling through a registry mirror with credentials and an HTTP proxy, with certificate renewal 30 days before expiry (the nodes share the host clock, so no NTP servers).',
    variables: {
      registryMirrors: [
        {
          hostnameUpstream: 'docker.io',
          urlMirror: 'https://registry.example.com/v2/dockerhub',
          credentialsSecretRef: { name: 'registry-credentials' },
        },
        {
          hostnameUpstream: 'registry.k8s.io',
          urlMirror: 'http://mirror.example.com:5000',
          overridePath: false,
        },
      ],
      httpProxy: {
        http: 'http://proxy.example.com:3128',
        https: 'http://proxy.example.com:3128',
        noProxy: ['.example.com'],
      },
      controlPlaneCertificateRenewal: { enabled: true, daysBeforeExpiry: 30 },
    },
  });
  new ExampleCluster<ClusterFeatureVariables>(stack, 'OidcExample', {
    name: 'oidc',
    description:
      'One control-plane node and one worker whose API server accepts tokens of two OpenID Connect providers, with claim mappings and CEL rules on claims and users.',
    variables: { oidcAuthentication: { jwt: EXAMPLE_OIDC_ISSUERS } },
  });
}
