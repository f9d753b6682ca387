import { invalidProp } from '../errors';
import { stableYaml } from '../yaml';
import { TemplateText } from './expressions';
import { KubeadmConfigSpec, KubeadmFile } from './kubeadm';

/**
 * The directory kubeadm reads its patches from on every node. Kubelet settings are patches of the
 * `kubeletconfiguration` target there: kubeadm applies them to the KubeletConfiguration it writes to
 * `/var/lib/kubelet/config.yaml`, on `kubeadm init` and `kubeadm join` alike, in file-name order.
 */
export const KUBEADM_PATCHES_DIR = '/etc/kubernetes/patches';

/** The header of every KubeletConfiguration patch. */
const KUBELET_CONFIGURATION_HEADER = {
  apiVersion: 'kubelet.config.k8s.io/v1beta1',
  kind: 'KubeletConfiguration',
};

const PATCH_NAME = /^[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The path of a KubeletConfiguration patch: `<dir>/kubeletconfiguration<name>+strategic.yaml`. `name` starts
 * with two digits that order the patches (kubeadm applies them alphanumerically, later ones win): 10 for the
 * hardening profile, 20 for a stack's node settings, 30 for settings from ClusterClass variables.
 */
export function kubeletConfigurationPath(name: string): string {
  if (!PATCH_NAME.test(name)) {
    throw invalidProp(
      'kubeletConfigurationPath',
      'name',
      name,
      'two digits, a dash and lowercase words such as "20-capd"',
      'The digits order the patches on the node.',
    );
  }
  return `${KUBEADM_PATCHES_DIR}/kubeletconfiguration${name}+strategic.yaml`;
}

/** The file of a KubeletConfiguration patch with fixed settings. */
export function kubeletConfigurationFile(
  name: string,
  settings: Readonly<Record<string, unknown>>,
): KubeadmFile {
  return {
    path: kubeletConfigurationPath(name),
    owner: 'root:root',
    permissions: '0644',
    content: stableYaml({ ...KUBELET_CONFIGURATION_HEADER, ...settings }),
  };
}

/**
 * The `files` entry of a KubeletConfiguration patch whose settings are a Go template (YAML lines such as
 * `maxPods: {{ .kubeletMaxPods }}`), as the value of a ClusterClass patch that adds the file.
 */
export function kubeletConfigurationFileTemplate(name: string, settings: TemplateText): TemplateText {
  return fileEntryTemplate(
    { path: kubeletConfigurationPath(name), owner: 'root:root', permissions: '0644' },
    new TemplateText(`${stableYaml(KUBELET_CONFIGURATION_HEADER)}${settings.text}`, settings.refs),
  );
}

/**
 * A kubeadm spec that writes the patch and points kubeadm's init and join configurations at the patches
 * directory. Layer it over a template with `extend`; the init configuration only matters on control planes.
 */
export function kubeletConfigurationSpec(
  name: string,
  settings: Readonly<Record<string, unknown>>,
  registrations: 'controlPlane' | 'worker',
): KubeadmConfigSpec {
  const patches = { directory: KUBEADM_PATCHES_DIR };
  return {
    ...(registrations === 'controlPlane' ? { initConfiguration: { patches } } : {}),
    joinConfiguration: { patches },
    files: [kubeletConfigurationFile(name, settings)],
  };
}

/**
 * A `files` entry whose content is a Go template, as the value of a ClusterClass patch that adds the file:
 * CAPI renders the template with the Cluster's variables, then parses the entry.
 */
export function fileEntryTemplate(
  file: { readonly path: string; readonly owner: string; readonly permissions: string },
  content: TemplateText,
): TemplateText {
  return new TemplateText(stableYaml({ ...file, content: content.text }), content.refs);
}
