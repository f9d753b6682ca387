import { isCidr, isQuantity, parsePinnedImage } from './validation';

describe('parsePinnedImage', () => {
  test.each([
    [
      'registry.k8s.io/metrics-server/metrics-server:v0.8.1',
      { name: 'registry.k8s.io/metrics-server/metrics-server', tag: 'v0.8.1' },
    ],
    [
      'docker.io/kindest/kindnetd:v20251212-v0.29.0-alpha-105-g20ccfc88',
      { name: 'docker.io/kindest/kindnetd', tag: 'v20251212-v0.29.0-alpha-105-g20ccfc88' },
    ],
    ['localhost:5000/kindnetd:dev', { name: 'localhost:5000/kindnetd', tag: 'dev' }],
    [`busybox@sha256:${'0'.repeat(64)}`, { name: 'busybox', digest: `sha256:${'0'.repeat(64)}` }],
    [
      `busybox:1.37@sha256:${'f'.repeat(64)}`,
      { name: 'busybox', tag: '1.37', digest: `sha256:${'f'.repeat(64)}` },
    ],
  ])('parses %s', (reference, expected) => {
    // GIVEN an image reference pinned by tag or digest
    // WHEN it is parsed
    // THEN its parts come back
    expect(parsePinnedImage(reference)).toEqual(expected);
  });

  test.each([
    'busybox',
    'localhost:5000/kindnetd',
    'Busybox:1',
    'busybox:',
    'busybox@sha256:abc',
    'a b:1',
    '',
  ])('rejects %j', (reference) => {
    // GIVEN a reference without tag or digest, or malformed
    // WHEN it is parsed
    // THEN it is not accepted
    expect(parsePinnedImage(reference)).toBeUndefined();
  });
});

describe('isQuantity', () => {
  test.each([
    ['100m', true],
    ['200Mi', true],
    ['1', true],
    ['0.5', true],
    ['1e3', true],
    ['-1', false],
    ['1 Gi', false],
    ['1mi', false],
    ['', false],
  ])('%j → %s', (value, expected) => {
    // GIVEN a resource quantity
    // WHEN it is checked
    // THEN only non-negative Kubernetes quantities pass
    expect(isQuantity(value)).toBe(expected);
  });
});

describe('isCidr', () => {
  test.each([
    ['10.244.0.0/16', true],
    ['0.0.0.0/0', true],
    ['192.168.1.0/32', true],
    ['fd00:10:244::/56', true],
    ['2001:db8:0:0:0:0:0:0/128', true],
    ['::/0', true],
    ['10.244.0.0', false],
    ['10.244.0.0/33', false],
    ['10.256.0.0/16', false],
    ['10.244.0/16', false],
    ['010.244.0.0/16', false],
    ['fd00::10::/64', false],
    ['fd00::/129', false],
    ['10.244.0.0/16,fd00::/56', false],
  ])('%j → %s', (value, expected) => {
    // GIVEN a subnet
    // WHEN it is checked
    // THEN only one IPv4 or IPv6 CIDR passes
    expect(isCidr(value)).toBe(expected);
  });
});
