/** kubeadm settings of a generated KubeadmControlPlane or KubeadmConfigTemplate, as plain JSON. */
export type KubeadmSpecJson = {
  clusterConfiguration?: {
    apiServer?: { extraArgs?: Record<string, string>; extraVolumes?: { hostPath: string }[] };
    controllerManager?: { extraArgs?: Record<string, string> };
    scheduler?: { extraArgs?: Record<string, string> };
    etcd?: { local?: { extraArgs?: Record<string, string> } };
  };
  initConfiguration?: KubeadmNodeJson;
  joinConfiguration?: KubeadmNodeJson;
  files?: { path: string; content?: string }[];
  preKubeadmCommands?: string[];
};

type KubeadmNodeJson = {
  nodeRegistration?: { kubeletExtraArgs?: Record<string, string> };
  patches?: { directory?: string };
};
