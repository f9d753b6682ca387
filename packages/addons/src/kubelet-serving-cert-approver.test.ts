import { ClusterStack, KubernetesVersion } from '@cluster-stacks/core';
import { KubeletServingCertApprover } from './kubelet-serving-cert-approver';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function approver(props: ConstructorParameters<typeof KubeletServingCertApprover>[2] = {}) {
  const stack = new ClusterStack({
    provider: 'test',
    name: 'addons',
    kubernetesVersion: KubernetesVersion.of('1.35.1'),
  });
  return new KubeletServingCertApprover(stack, 'Approver', props);
}

describe('KubeletServingCertApprover', () => {
  test('GIVEN defaults WHEN synthesized THEN it may approve only kubelet-serving requests and declares the capability', () => {
    const addon = approver();
    const objects = addon.renderManifests() as {
      kind: string;
      rules?: { resources: string[]; resourceNames?: string[]; verbs: string[] }[];
      spec: Json;
    }[];
    expect(objects.map((o) => o.kind)).toEqual([
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'Deployment',
    ]);
    expect(objects[1].rules!.find((r) => r.resources.includes('signers'))).toEqual({
      apiGroups: ['certificates.k8s.io'],
      resources: ['signers'],
      resourceNames: ['kubernetes.io/kubelet-serving'],
      verbs: ['approve'],
    });
    expect(objects[3].spec.template.spec.containers[0].env).toEqual([
      { name: 'PROVIDER_REGEX', value: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' },
      { name: 'PROVIDER_IP_PREFIXES', value: '0.0.0.0/0,::/0' },
      { name: 'BYPASS_DNS_RESOLUTION', value: 'true' },
    ]);
    expect(addon.props.capabilities).toEqual(['kubelet-serving-certificate-approval']);
    expect(addon.props.name).toBe('kubelet-csr-approver');
  });

  test('GIVEN a node network WHEN configured THEN requests must come from it', () => {
    const env = (
      approver({ nodeIpPrefixes: ['10.8.0.0/20'] }).renderManifests()[3] as {
        spec: { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } };
      }
    ).spec.template.spec.containers[0].env;
    expect(env[1]).toEqual({ name: 'PROVIDER_IP_PREFIXES', value: '10.8.0.0/20' });
  });

  test.each([
    [
      { nodeIpPrefixes: ['10.8.0.0'] },
      'test-addons-1-35/Approver: nodeIpPrefixes "10.8.0.0" is invalid: expected an IPv4 or IPv6 CIDR such as "10.8.0.0/20".',
    ],
    [
      { nodeNameRegex: '(' },
      'test-addons-1-35/Approver: nodeNameRegex "(" is invalid: expected a valid regular expression.',
    ],
  ])('GIVEN invalid props %j WHEN defined THEN the exact error is raised', (props, message) => {
    expect(() => approver(props)).toThrow(message);
  });
});
