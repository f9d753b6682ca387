import { stringify } from 'yaml';
import { KubeClient, KubeObject, ListQuery } from '../kube/client';
import { Plan } from '../plan/plan';
import { controllersFor } from '../plan/prerequisites';
import { API } from '../probes/api';
import { ProbeContext } from '../probes/evaluate';

/** What to dump after a failure. Secrets are never dumped: the kubeconfig Secret holds cluster credentials. */
export function diagnosticQueries(plan: Plan): { management: ListQuery[]; workload: ListQuery[] } {
  const namespace = plan.namespace;
  const inNamespace = [
    API.clusterStack,
    API.clusterStackRelease,
    API.clusterClass,
    API.cluster,
    API.kubeadmControlPlane,
    API.machineDeployment,
    API.machine,
    API.clusterAddon,
    API.event,
  ].map((kind) => ({ ...kind, namespace }));
  const controllerNamespaces = [...new Set(controllersFor(plan.to.provider).map((c) => c.namespace))];
  return {
    management: [...inNamespace, ...controllerNamespaces.map((ns) => ({ ...API.deployment, namespace: ns }))],
    workload: [
      API.node,
      { ...API.pod, namespace: 'kube-system' },
      { ...API.event, namespace: 'kube-system' },
    ],
  };
}

/** managedFields only repeat the object and make dumps hard to read. */
function withoutManagedFields(object: KubeObject): KubeObject {
  const { managedFields: _managedFields, ...metadata } = object.metadata;
  return { ...object, metadata: { ...metadata, name: object.metadata.name } };
}

async function dump(client: KubeClient, query: ListQuery): Promise<string> {
  try {
    const items = (await client.list(query)).map(withoutManagedFields);
    return stringify({ apiVersion: 'v1', kind: 'List', items }, { lineWidth: 0 });
  } catch (error) {
    return `# listing ${query.kind} failed: ${error instanceof Error ? error.message : String(error)}\n`;
  }
}

function fileName(prefix: string, query: ListQuery): string {
  return `${prefix}/${query.namespace ? `${query.namespace}/` : ''}${query.kind}.yaml`;
}

/** The objects of both clusters as YAML files by relative path, for the run's report directory. */
export async function collectDiagnostics(plan: Plan, context: ProbeContext): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const queries = diagnosticQueries(plan);
  for (const query of queries.management)
    files.set(fileName('management', query), await dump(context.management, query));
  let workload: KubeClient | undefined;
  try {
    workload = await context.workload(plan.namespace, plan.cluster);
  } catch (error) {
    files.set('workload/unreachable.txt', `${error instanceof Error ? error.message : String(error)}\n`);
  }
  if (!workload && !files.has('workload/unreachable.txt'))
    files.set(
      'workload/unreachable.txt',
      `no kubeconfig Secret for Cluster ${plan.namespace}/${plan.cluster}\n`,
    );
  if (workload)
    for (const query of queries.workload) files.set(fileName('workload', query), await dump(workload, query));
  return files;
}
