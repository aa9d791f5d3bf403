/**
 * A version's `workload` option: a Deployment, StatefulSet or ReplicaSet declared elsewhere in the
 * app (e.g. `ApiObject.of(plusDeployment)` of any cdk8s-plus version) brought under the service.
 * Its pod template gets the version's labels and annotations in its synthesized JSON (after
 * cdk8s-plus's typed bindings have run, so nothing of the template is re-read or dropped), and
 * what Kubernetes and Istio need of it is checked once the app is complete.
 */
import type { ApiObject } from 'cdk8s';
import type { ServiceVersionOptions } from '../service-version-options';

/** The kinds a version's `workload` may be: apps/v1 controllers of one pod template. */
export const ADOPTABLE_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet'];

/** Options that describe the library's own Deployment: the adopted workload's own spec says them. */
const DEPLOYMENT_OPTIONS: Array<keyof ServiceVersionOptions> = [
  'image', 'deploymentName', 'replicas', 'containerName', 'command', 'args', 'env', 'envValues',
  'readinessProbe', 'livenessProbe', 'startupProbe', 'resources', 'hardened', 'podSecurityContext', 'securityContext',
  'imagePullPolicy', 'nodeSelector', 'tolerations',
];

/** The problems of adopting `workload` for a version of a service in `namespace`, known at construction. */
export function adoptionProblems(props: ServiceVersionOptions, workload: ApiObject, namespace: string): string[] {
  const what = `${workload.kind} '${workload.name}'`;
  const problems: string[] = [];
  if (workload.apiVersion !== 'apps/v1' || !ADOPTABLE_KINDS.includes(workload.kind)) {
    problems.push(`'workload' must be an apps/v1 ${ADOPTABLE_KINDS.join(', ')}, got ${workload.apiVersion} ${workload.kind} '${workload.name}'`);
  }
  if (props.deploy === false) {
    problems.push("'workload' is given with 'deploy: false': a version with a workload is deployed by that workload; drop one of them");
  }
  for (const option of DEPLOYMENT_OPTIONS) {
    if (props[option] !== undefined) {
      problems.push(`'${option}' is given with 'workload': ${what} describes its own pods; set it there, or drop 'workload'`);
    }
  }
  const ns = workload.metadata.namespace;
  if (ns !== namespace) {
    problems.push(`'workload' ${what} is in namespace ${ns === undefined ? 'none (the namespace of kubectl\'s context)' : `'${ns}'`}: it must be in the service's namespace '${namespace}'`);
  }
  return problems;
}

/**
 * Makes `workload` synthesize with `labels` and `annotations` on its pod template. Returns the
 * JSON the workload synthesized to before (for the checks).
 */
export function adoptWorkload(workload: ApiObject, labels: { [key: string]: string }, annotations: { [key: string]: string }): () => any {
  const original = workload.toJson.bind(workload);
  (workload as { toJson: () => any }).toJson = () => {
    const json = original();
    const template = json.spec?.template;
    if (template === undefined || typeof template !== 'object') {
      return json; // reported by adoptedWorkloadProblems
    }
    const metadata = template.metadata ?? {};
    const podAnnotations = { ...metadata.annotations, ...annotations };
    const result = {
      ...json,
      spec: {
        ...json.spec,
        template: {
          ...template,
          metadata: {
            ...metadata,
            labels: { ...metadata.labels, ...labels },
            ...(Object.keys(podAnnotations).length > 0 ? { annotations: podAnnotations } : {}),
          },
        },
      },
    };
    return result;
  };
  return original;
}

/** Whether a Kubernetes label selector selects `labels`. */
function selects(selector: any, labels: { [key: string]: string }): boolean {
  const matchLabels: { [key: string]: string } = selector?.matchLabels ?? {};
  const expressions: any[] = selector?.matchExpressions ?? [];
  return Object.entries(matchLabels).every(([k, v]) => labels[k] === v) && expressions.every(e => {
    const has = e.key in labels;
    switch (e.operator) {
      case 'In': return has && (e.values ?? []).includes(labels[e.key]);
      case 'NotIn': return !has || !(e.values ?? []).includes(labels[e.key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
}

/**
 * What Kubernetes and the mesh need of an adopted workload, from its JSON before adoption: a pod
 * template whose labels do not contradict the version's, a selector that selects the labelled pods
 * and only this version's, and a container port for every target port of the service.
 */
export function adoptedWorkloadProblems(
  json: any, labels: { [key: string]: string }, versionLabel: string, targetPorts: number[],
): string[] {
  const what = `${json.kind} '${json.metadata?.name}'`;
  const template = json.spec?.template;
  if (template === undefined) {
    return [`'workload' ${what} has no pod template (spec.template)`];
  }
  const own: { [key: string]: string } = template.metadata?.labels ?? {};
  const problems: string[] = Object.entries(labels)
    .filter(([k, v]) => own[k] !== undefined && own[k] !== v)
    .map(([k, v]) => `'workload' ${what} labels its pods '${k}: ${own[k]}', but the version's pods are labelled '${k}: ${v}': drop the label from its pod template or change it`);
  const podLabels = { ...own, ...labels };
  const selector = json.spec?.selector;
  if (!selects(selector, podLabels)) {
    problems.push(`'workload' ${what} has a selector (${JSON.stringify(selector ?? {})}) that does not select its pods, labelled ${JSON.stringify(podLabels)}`);
  } else if (selects(selector, { ...podLabels, [versionLabel]: `${podLabels[versionLabel]}-other` })) {
    problems.push(`'workload' ${what} has a selector (${JSON.stringify(selector ?? {})}) that does not select on '${versionLabel}': it would also select the pods of the service's other versions; add '${versionLabel}: ${podLabels[versionLabel]}' to its matchLabels`);
  }
  const containerPorts: number[] = (template.spec?.containers ?? []).flatMap((c: any) => (c.ports ?? []).map((p: any) => p.containerPort));
  const missing = targetPorts.filter(p => !containerPorts.includes(p));
  if (missing.length > 0) {
    problems.push(`'workload' ${what} has no container port ${missing.join(', ')}, which the service sends traffic to (its container ports: ${containerPorts.length === 0 ? 'none' : containerPorts.join(', ')})`);
  }
  return problems;
}
