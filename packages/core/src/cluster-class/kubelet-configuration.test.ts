import { TemplateText } from './expressions';
import {
  kubeletConfigurationFileTemplate,
  kubeletConfigurationPath,
  kubeletConfigurationSpec,
} from './kubelet-configuration';

describe('KubeletConfiguration patches', () => {
  test('GIVEN a patch name WHEN its path is built THEN it is a strategic patch of kubeadm’s kubeletconfiguration target', () => {
    expect(kubeletConfigurationPath('20-capd')).toBe(
      '/etc/kubernetes/patches/kubeletconfiguration20-capd+strategic.yaml',
    );
  });

  test.each(['capd', '2-capd', '20_capd', '20-Capd'])(
    'GIVEN the name %p WHEN its path is built THEN it is refused',
    (name) => {
      expect(() => kubeletConfigurationPath(name)).toThrow(
        `kubeletConfigurationPath: name ${JSON.stringify(name)} is invalid: expected two digits, a dash and lowercase words such as "20-capd". The digits order the patches on the node.`,
      );
    },
  );

  test('GIVEN worker registrations WHEN the spec is built THEN only the join configuration reads the patches', () => {
    expect(kubeletConfigurationSpec('20-capd', { failSwapOn: false }, 'worker')).toEqual({
      joinConfiguration: { patches: { directory: '/etc/kubernetes/patches' } },
      files: [
        {
          path: '/etc/kubernetes/patches/kubeletconfiguration20-capd+strategic.yaml',
          owner: 'root:root',
          permissions: '0644',
          content:
            'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nfailSwapOn: false\n',
        },
      ],
    });
  });

  test('GIVEN templated settings WHEN the file entry is built THEN it is one YAML entry (keys sorted) whose content is the template', () => {
    const entry = kubeletConfigurationFileTemplate(
      '30-max-pods',
      new TemplateText('maxPods: {{ .kubeletMaxPods }}\n', []),
    );
    expect(entry.text).toBe(
      'content: |\n' +
        '  apiVersion: kubelet.config.k8s.io/v1beta1\n' +
        '  kind: KubeletConfiguration\n' +
        '  maxPods: {{ .kubeletMaxPods }}\n' +
        'owner: root:root\n' +
        'path: /etc/kubernetes/patches/kubeletconfiguration30-max-pods+strategic.yaml\n' +
        'permissions: "0644"\n',
    );
  });
});
