import { CapiVersion } from '../capi-version';
import { ClusterClass } from '../cluster-class/cluster-class';
import { Expr, fn, Ref, vars } from '../cluster-class/expressions';
import { literalText } from '../cluster-class/go-template';
import { JsonPatchJson, kubeadmSpecPath, PatchOperation, patchesOn } from '../cluster-class/patch';
import { valueAtPointer } from '../cluster-class/schema-paths';
import { TemplateResource } from '../cluster-class/template-resource';
import { StackDefinitionError } from '../errors';
import { ClusterFeatureVariables, RegistryCredentialsSecretRef, RegistryMirror } from './variables';

const v = vars<ClusterFeatureVariables>();

/** Where containerd reads the hosts.toml of each registry. */
export const CONTAINERD_HOSTS_DIR = '/etc/containerd/certs.d';
/** Where the nodes keep the user name and password of each mirror, per mirrored registry. */
export const MIRROR_CREDENTIALS_DIR = '/etc/containerd/mirror-credentials';
/** The script that puts the mirrors' credentials into their hosts.toml. */
export const MIRROR_CREDENTIALS_SCRIPT = '/etc/containerd/mirror-credentials.sh';
/** The script that turns on containerd's hosts directory on node images that leave it off. */
export const HOSTS_DIR_SCRIPT = '/etc/containerd/enable-hosts-dir.sh';
/** The placeholder in a hosts.toml that the credentials script replaces with the Basic authorization value. */
const BASIC_AUTH_PLACEHOLDER = '@BASIC_AUTH@';

/** A Go-template field access on the loop item of a registry mirror. */
const mirror = (field: keyof RegistryMirror) => `$item.${field}`;
const secret = (field: keyof RegistryCredentialsSecretRef) => `$item.credentialsSecretRef.${field}`;

/**
 * The kubeadm `files` entries of the registry mirrors as a YAML list: containerd's hosts.toml per mirrored
 * registry and, when given, the mirror's CA certificate next to it and its credentials (from the Secret).
 */
function registryMirrorFiles(): string {
  const dir = `${CONTAINERD_HOSTS_DIR}/{{ ${mirror('hostnameUpstream')} }}`;
  const credentials = `${MIRROR_CREDENTIALS_DIR}/{{ ${mirror('hostnameUpstream')} }}`;
  const credentialFile = (name: string, key: 'usernameKey' | 'passwordKey') => [
    `- path: ${credentials}/${name}`,
    '  owner: root:root',
    '  permissions: "0600"',
    '  contentFrom:',
    '    secret:',
    `      name: {{ toJson ${secret('name')} }}`,
    `      key: {{ toJson ${secret(key)} }}`,
  ];
  return [
    `{{- range $item := ${v.ref('registryMirrors').renderPipeline()} }}`,
    `- path: ${dir}/hosts.toml`,
    '  owner: root:root',
    `  permissions: {{ if ${mirror('credentialsSecretRef')} }}"0600"{{ else }}"0644"{{ end }}`,
    '  content: |',
    `    {{- if ${mirror('urlUpstream')} }}`,
    `    server = {{ toJson ${mirror('urlUpstream')} }}`,
    '    {{- end }}',
    `    [host.{{ toJson ${mirror('urlMirror')} }}]`,
    '      capabilities = ["pull", "resolve"]',
    `      override_path = {{ if eq (toString ${mirror('overridePath')}) "false" }}false{{ else }}true{{ end }}`,
    `    {{- if ${mirror('certMirror')} }}`,
    `      ca = "${dir}/mirror-ca.crt"`,
    '    {{- end }}',
    `    {{- if ${mirror('credentialsSecretRef')} }}`,
    `      [host.{{ toJson ${mirror('urlMirror')} }}.header]`,
    `        Authorization = ["Basic ${BASIC_AUTH_PLACEHOLDER}"]`,
    '    {{- end }}',
    `{{- if ${mirror('certMirror')} }}`,
    `- path: ${dir}/mirror-ca.crt`,
    '  owner: root:root',
    '  permissions: "0644"',
    `  content: {{ toJson ${mirror('certMirror')} }}`,
    '{{- end }}',
    `{{- if ${mirror('credentialsSecretRef')} }}`,
    ...credentialFile('username', 'usernameKey'),
    ...credentialFile('password', 'passwordKey'),
    '{{- end }}',
    '{{- end }}',
    '',
  ].join('\n');
}

/**
 * Writes a kubeadm `files` list as the template has it plus the registry mirror files. A JSON patch cannot
 * append several entries, so it replaces the list; the template's own entries are read from the rendered base
 * when the patch is rendered, so everything layered onto the template (such as the hardening profile) stays.
 * Patches that append to the list must come after this one.
 */
class FilesWithRegistryMirrors extends PatchOperation {
  public render(_capi: CapiVersion, base?: unknown, template?: TemplateResource): JsonPatchJson[] {
    const path = kubeadmSpecPath('filesWithRegistryMirrors', 'files', template);
    const files = valueAtPointer(base, path);
    if (!Array.isArray(files)) {
      throw new StackDefinitionError(
        `ClusterFeatures: registry mirrors need a files list in ${template?.kind} ${template?.node.path}: give the template at least one file.`,
      );
    }
    const text = files.map((f) => `- ${literalText(JSON.stringify(f))}\n`).join('') + registryMirrorFiles();
    return [{ op: 'replace', path, valueFrom: { template: text } }];
  }

  public references(): Ref<unknown>[] {
    return [v.ref('registryMirrors')];
  }
}

/**
 * True when some registry mirror names a credentials Secret. Go templates cannot test list items in one
 * pipeline, so this is a complete template (a loop setting a variable) and cannot be nested in other calls.
 */
class SomeMirrorHasCredentials extends Expr<boolean> {
  public renderPipeline(): string {
    throw new StackDefinitionError(
      'ClusterFeatures: "some registry mirror has credentials" is a complete template and cannot be nested in another expression.',
    );
  }

  public override toTemplate(): string {
    const mirrors = v.ref('registryMirrors').renderPipeline();
    return `{{ $found := false }}{{ range $item := ${mirrors} }}{{ if ${mirror('credentialsSecretRef')} }}{{ $found = true }}{{ end }}{{ end }}{{ $found }}`;
  }

  public references(): Ref<unknown>[] {
    return [v.ref('registryMirrors')];
  }
}

/** Puts each mirror's Basic authorization (base64 of `user:password`) into its hosts.toml. */
export const MIRROR_CREDENTIALS = `#!/bin/sh
# Puts the credentials of each registry mirror into its hosts.toml (written with a placeholder).
set -eu
for dir in ${MIRROR_CREDENTIALS_DIR}/*/; do
  [ -f "\${dir}username" ] || continue
  registry=$(basename "$dir")
  auth=$(printf '%s:%s' "$(cat "\${dir}username")" "$(cat "\${dir}password")" | base64 | tr -d '\\n')
  sed -i "s|${BASIC_AUTH_PLACEHOLDER}|\${auth}|" "${CONTAINERD_HOSTS_DIR}/\${registry}/hosts.toml"
done
`;

/** Turns on containerd's hosts directory (`config_path`) and restarts containerd, once. */
export const ENABLE_HOSTS_DIR = `#!/bin/sh
# Lets containerd read ${CONTAINERD_HOSTS_DIR}: the node image's configuration does not set config_path.
set -eu
config=/etc/containerd/config.toml
grep -q '^ *config_path *= *"${CONTAINERD_HOSTS_DIR}"' "$config" && exit 0
printf '\\n[plugins."io.containerd.grpc.v1.cri".registry]\\n  config_path = "${CONTAINERD_HOSTS_DIR}"\\n' >> "$config"
systemctl restart containerd
`;

const script = (path: string, content: string) => ({
  path,
  owner: 'root:root',
  permissions: '0700',
  content,
});

/**
 * The registry mirror patches: the hosts.toml files (replacing the files list, so they come before every patch
 * that appends to it), then the credentials script and, where the node image needs it, the hosts directory.
 */
export function addRegistryMirrorPatches(cc: ClusterClass, enableHostsDirectory: boolean): void {
  const mirrors = v.ref('registryMirrors');
  const on = cc.targets;
  cc.addPatch({
    name: 'registryMirrorsControlPlane',
    description:
      "Writes containerd's hosts.toml (and the mirror's CA) for every registry mirror on control-plane nodes.",
    enabledIf: fn.isSet(mirrors),
    definitions: patchesOn(on.controlPlane, new FilesWithRegistryMirrors()),
  });
  cc.addPatch({
    name: 'registryMirrorsWorker',
    description:
      "Writes containerd's hosts.toml (and the mirror's CA) for every registry mirror on worker nodes.",
    enabledIf: fn.isSet(mirrors),
    definitions: patchesOn(on.workerBootstrap, new FilesWithRegistryMirrors()),
  });
  if (enableHostsDirectory) {
    cc.addPatch({
      name: 'registryMirrorsHostsDirectory',
      description:
        "Lets containerd read the registry mirrors' hosts.toml: the node image does not set containerd's config_path.",
      enabledIf: fn.isSet(mirrors),
      definitions: patchesOn(
        on.allKubeadm,
        PatchOperation.addKubeadmFile(script(HOSTS_DIR_SCRIPT, ENABLE_HOSTS_DIR)),
        PatchOperation.addPreKubeadmCommand(`sh ${HOSTS_DIR_SCRIPT}`),
      ),
    });
  }
  cc.addPatch({
    name: 'registryMirrorCredentials',
    description:
      "Puts the user name and password of the mirrors' credentials Secrets into their hosts.toml (HTTP basic authentication).",
    enabledIf: new SomeMirrorHasCredentials(),
    definitions: patchesOn(
      on.allKubeadm,
      PatchOperation.addKubeadmFile(script(MIRROR_CREDENTIALS_SCRIPT, MIRROR_CREDENTIALS)),
      PatchOperation.addPreKubeadmCommand(`sh ${MIRROR_CREDENTIALS_SCRIPT}`),
    ),
  });
}
