import { certificateRequests, labComponents, parseManifests, substituteVariables } from './components';

const PROVIDER = `apiVersion: v1
kind: Namespace
metadata:
  name: capi-system
---
apiVersion: cert-manager.io/v1
kind: Issuer
metadata:
  name: capi-selfsigned-issuer
  namespace: capi-system
spec:
  selfSigned: {}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: capi-serving-cert
  namespace: capi-system
spec:
  dnsNames: [capi-webhook-service.capi-system.svc, capi-webhook-service.capi-system.svc.cluster.local]
  secretName: capi-webhook-service-cert
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: capi-controller-manager
  namespace: capi-system
spec:
  template:
    spec:
      containers:
        - name: manager
          image: registry.k8s.io/cluster-api/cluster-api-controller:v1.14.0
          args: ["--feature-gates=ClusterTopology=\${CLUSTER_TOPOLOGY:=false},RuntimeSDK=\${EXP_RUNTIME_SDK:=false}"]
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: capi-validating-webhook-configuration
  annotations:
    cert-manager.io/inject-ca-from: capi-system/capi-serving-cert
webhooks:
  - name: validation.cluster.cluster.x-k8s.io
    clientConfig:
      service: { name: capi-webhook-service, namespace: capi-system }
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: clusters.cluster.x-k8s.io
  annotations:
    cert-manager.io/inject-ca-from: capi-system/capi-serving-cert
spec:
  conversion:
    strategy: Webhook
    webhook:
      clientConfig:
        service: { name: capi-webhook-service, namespace: capi-system }
`;

const cert = { caPem: 'CA', certPem: 'CRT', keyPem: 'KEY' };

describe('management components', () => {
  const objects = parseManifests(substituteVariables(PROVIDER, { CLUSTER_TOPOLOGY: 'true' }), 'core.yaml');

  it('GIVEN a provider manifest WHEN its Certificates are read THEN the secret and DNS names are what cert-manager would issue', () => {
    expect(certificateRequests(objects)).toEqual([
      {
        ref: 'capi-system/capi-serving-cert',
        namespace: 'capi-system',
        secretName: 'capi-webhook-service-cert',
        dnsNames: [
          'capi-webhook-service.capi-system.svc',
          'capi-webhook-service.capi-system.svc.cluster.local',
        ],
      },
    ]);
  });

  it('GIVEN clusterctl variables WHEN substituted THEN set ones win and unset ones take their defaults', () => {
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    expect(deployment.spec.template.spec.containers[0].args).toEqual([
      '--feature-gates=ClusterTopology=true,RuntimeSDK=false',
    ]);
  });

  it('GIVEN signed certificates WHEN the components are made THEN cert-manager objects are gone, CA bundles injected, the lab image used and the Secret added', () => {
    const out = labComponents({
      objects,
      image: 'cslab/cluster-api-controller:v1.14.0',
      certificates: new Map([['capi-system/capi-serving-cert', cert]]),
    });
    expect(out.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'Namespace/capi-system',
      'CustomResourceDefinition/clusters.cluster.x-k8s.io',
      'Deployment/capi-controller-manager',
      'ValidatingWebhookConfiguration/capi-validating-webhook-configuration',
      'Secret/capi-webhook-service-cert',
    ]);
    const crd = out[1]!;
    expect(crd.spec.conversion.webhook.clientConfig.caBundle).toBe(Buffer.from('CA').toString('base64'));
    expect(crd.metadata?.annotations).toEqual({});
    expect(out[3]!.webhooks[0].clientConfig.caBundle).toBe(Buffer.from('CA').toString('base64'));
    expect(out[2]!.spec.template.spec.containers[0]).toMatchObject({
      image: 'cslab/cluster-api-controller:v1.14.0',
      imagePullPolicy: 'Never',
    });
    expect(out[4]).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: {
        name: 'capi-webhook-service-cert',
        namespace: 'capi-system',
        labels: { 'io.cluster-stacks.lab/signed-by': 'lab' },
      },
      data: { 'ca.crt': 'Q0E=', 'tls.crt': 'Q1JU', 'tls.key': 'S0VZ' },
    });
  });

  it('GIVEN a CA injection from a Certificate that does not exist WHEN made THEN the error names the object and the reference', () => {
    expect(() => labComponents({ objects, image: 'x', certificates: new Map() })).toThrow(
      'ValidatingWebhookConfiguration capi-validating-webhook-configuration asks for the CA of capi-system/capi-serving-cert, which no Certificate defines',
    );
  });
});
