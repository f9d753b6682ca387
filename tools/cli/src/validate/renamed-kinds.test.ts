import { dockerScsStack } from '@cluster-stacks/provider-docker';
import { openstackScsStack } from '@cluster-stacks/provider-openstack';
import { asV1beta1Fields, renamedKinds, renameReason } from './renamed-kinds';

describe('kinds the v1beta2 rendering replaces', () => {
  test('GIVEN docker/scs WHEN its renamed kinds are read THEN the Dev* templates and the DevCluster name their Docker* forms and settings paths', () => {
    // GIVEN / WHEN
    const kinds = renamedKinds(dockerScsStack('1.35'));

    // THEN the cluster template and both machine templates, each kind once, with the kind of the objects CAPI creates from it
    const v1 = 'infrastructure.cluster.x-k8s.io/v1beta1';
    const v2 = 'infrastructure.cluster.x-k8s.io/v1beta2';
    const template = { v1: '.spec.template.spec', v2: '.spec.template.spec.backend.docker' };
    const object = { v1: '.spec', v2: '.spec.backend.docker' };
    const pair = (k1: string, k2: string, s: { v1: string; v2: string }) => ({
      v1beta1: { kind: k1, apiVersion: v1, settings: s.v1 },
      v1beta2: { kind: k2, apiVersion: v2, settings: s.v2 },
    });
    expect(kinds).toEqual([
      pair('DockerClusterTemplate', 'DevClusterTemplate', template),
      pair('DockerCluster', 'DevCluster', object),
      pair('DockerMachineTemplate', 'DevMachineTemplate', template),
      pair('DockerMachine', 'DevMachine', object),
    ]);
    expect(renameReason(kinds[2])).toBe(
      'DevMachineTemplate (infrastructure.cluster.x-k8s.io/v1beta2) replaces DockerMachineTemplate (infrastructure.cluster.x-k8s.io/v1beta1) in the v1beta2 rendering, its provider fields at .spec.template.spec.backend.docker where DockerMachineTemplate has them at .spec.template.spec: compared as DockerMachineTemplate',
    );
  });

  test('GIVEN openstack/scs, whose templates keep their kinds THEN nothing is renamed', () => {
    expect(renamedKinds(openstackScsStack('1.35'))).toEqual([]);
  });

  test('GIVEN v1beta2 plan fields of Dev* objects WHEN named as in v1beta1 THEN kinds, apiVersions, settings paths and the kind names in values are the Docker* ones, each field whose path or value changed listed', () => {
    // GIVEN
    const kinds = renamedKinds(dockerScsStack('1.35'));
    const fields = new Map([
      ['DevMachineTemplate/md-0 .apiVersion', '"infrastructure.cluster.x-k8s.io/v1beta2"'],
      ['DevMachineTemplate/md-0 .spec.template.spec.backend.docker.customImage', '"kindest/node:v1.35.1"'],
      ['DevMachineTemplate/md-0 .spec.template.spec.backend.docker.extraMounts[0].hostPath', '"/x"'],
      ['DevMachineTemplate/md-0 .spec.template.spec.backendless', '"kept"'],
      ['DevCluster/cluster .spec.backend.docker.loadBalancer.imageTag', '"v1"'],
      [
        'DevCluster/cluster .metadata.annotations.cluster\\.x-k8s\\.io/cloned-from-groupkind',
        '"DevClusterTemplate.infrastructure.cluster.x-k8s.io"',
      ],
      ['MachineDeployment/md-0 .spec.template.spec.infrastructureRef.name', '"<DevMachineTemplate/md-0>"'],
      ['MachineDeployment/md-0 .spec.replicas', '1'],
    ]);

    // WHEN
    const result = asV1beta1Fields(fields, kinds);

    // THEN
    expect([...result.fields]).toEqual([
      ['DockerMachineTemplate/md-0 .apiVersion', '"infrastructure.cluster.x-k8s.io/v1beta1"'],
      ['DockerMachineTemplate/md-0 .spec.template.spec.customImage', '"kindest/node:v1.35.1"'],
      ['DockerMachineTemplate/md-0 .spec.template.spec.extraMounts[0].hostPath', '"/x"'],
      ['DockerMachineTemplate/md-0 .spec.template.spec.backendless', '"kept"'],
      ['DockerCluster/cluster .spec.loadBalancer.imageTag', '"v1"'],
      [
        'DockerCluster/cluster .metadata.annotations.cluster\\.x-k8s\\.io/cloned-from-groupkind',
        '"DockerClusterTemplate.infrastructure.cluster.x-k8s.io"',
      ],
      ['MachineDeployment/md-0 .spec.template.spec.infrastructureRef.name', '"<DockerMachineTemplate/md-0>"'],
      ['MachineDeployment/md-0 .spec.replicas', '1'],
    ]);
    expect(result.renamed.map((r) => r.line)).toEqual([
      'DevMachineTemplate/md-0 .apiVersion: "infrastructure.cluster.x-k8s.io/v1beta2" compared as DockerMachineTemplate/md-0 .apiVersion: "infrastructure.cluster.x-k8s.io/v1beta1"',
      'DevMachineTemplate/md-0 .spec.template.spec.backend.docker.customImage compared as DockerMachineTemplate/md-0 .spec.template.spec.customImage',
      'DevMachineTemplate/md-0 .spec.template.spec.backend.docker.extraMounts[0].hostPath compared as DockerMachineTemplate/md-0 .spec.template.spec.extraMounts[0].hostPath',
      'DevCluster/cluster .spec.backend.docker.loadBalancer.imageTag compared as DockerCluster/cluster .spec.loadBalancer.imageTag',
      'DevCluster/cluster .metadata.annotations.cluster\\.x-k8s\\.io/cloned-from-groupkind: "DevClusterTemplate.infrastructure.cluster.x-k8s.io" compared as DockerCluster/cluster .metadata.annotations.cluster\\.x-k8s\\.io/cloned-from-groupkind: "DockerClusterTemplate.infrastructure.cluster.x-k8s.io"',
      'MachineDeployment/md-0 .spec.template.spec.infrastructureRef.name: "<DevMachineTemplate/md-0>" compared as MachineDeployment/md-0 .spec.template.spec.infrastructureRef.name: "<DockerMachineTemplate/md-0>"',
    ]);
    expect(result.renamed.map((r) => r.reason)).toEqual([
      renameReason(kinds[2]),
      renameReason(kinds[2]),
      renameReason(kinds[2]),
      renameReason(kinds[1]),
      renameReason(kinds[1]),
      renameReason(kinds[2]),
    ]);
  });
});
