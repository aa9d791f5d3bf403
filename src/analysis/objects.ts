/**
 * One manifest as the checks read it: its kind (`gateway/Kind` for the Gateway API), name,
 * namespace as references resolve it (`default` when unset, none when cluster-scoped), labels,
 * annotations and spec, and how findings name it; with the pod template of workload controllers
 * and the flattening of `kind: List` objects.
 */
import { Labels, stringMap } from './labels';
import { GATEWAY_API_GROUP } from '../private/istio-names';

/** Kinds that have no namespace. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'IngressClass', 'RuntimeClass',
  'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'APIService',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'GatewayClass',
]);

/** API groups whose kinds the checks read by kind name. */
const KNOWN_GROUPS = new Set(['', 'apps', 'batch', 'networking.istio.io', 'security.istio.io', 'telemetry.istio.io', 'extensions.istio.io',
  'admissionregistration.k8s.io']);

/** One manifest, read. */
export interface Obj {
  /** The object as given. */
  readonly raw: any;
  /** The kind; `gateway/Kind` for the Kubernetes Gateway API, `group/Kind` for other groups the checks do not read. */
  readonly kind: string;
  readonly name: string;
  /** The namespace for resolving references: as written, `default` when unset, `` when cluster-scoped. */
  readonly namespace: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly spec: any;
  /** `Kind namespace/name`, or `Kind name` when written without a namespace. */
  readonly resource: string;
  /** `namespace/name` as istioctl prints names in messages. */
  readonly fullName: string;
  /** Assumed by the engine (istioctl's default resources), not given: never reported on. */
  readonly synthetic: boolean;
}

export function asArray(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

function groupOf(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string') return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** How findings name an object: `Kind namespace/name`, or `Kind name` when written without a namespace. */
export function resourceOf(raw: any): string {
  return readObject(raw, false).resource;
}

/** A manifest as the checks read it; `synthetic` for objects the engine assumes (never reported on). */
export function readObject(raw: any, synthetic: boolean): Obj {
  const group = groupOf(raw.apiVersion);
  const rawKind = typeof raw.kind === 'string' ? raw.kind : '';
  const kind = KNOWN_GROUPS.has(group) ? rawKind : group === GATEWAY_API_GROUP ? `gateway/${rawKind}` : `${group}/${rawKind}`;
  const metadata = raw.metadata !== null && typeof raw.metadata === 'object' ? raw.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : (typeof metadata.generateName === 'string' ? metadata.generateName : '');
  const written = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
  const clusterScoped = CLUSTER_SCOPED.has(rawKind);
  const namespace = clusterScoped ? '' : written ?? 'default';
  return {
    raw,
    kind,
    name,
    namespace,
    labels: stringMap(metadata.labels),
    annotations: stringMap(metadata.annotations),
    spec: raw.spec !== null && typeof raw.spec === 'object' ? raw.spec : {},
    resource: written && !clusterScoped ? `${rawKind} ${written}/${name}` : `${rawKind} ${name}`,
    fullName: clusterScoped ? name : `${namespace}/${name}`,
    synthetic,
  };
}

/** The pod template of a workload controller. */
export function templateOf(obj: Obj): { metadata: any; spec: any } | undefined {
  let template: any;
  switch (obj.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job':
      template = obj.spec.template;
      break;
    case 'CronJob':
      template = obj.spec.jobTemplate?.spec?.template;
      break;
    case 'argoproj.io/Rollout':
      // an Argo Rollout's ReplicaSets run its template; one with a workloadRef runs the
      // referenced workload's, which is a workload of its own
      template = obj.spec.template;
      break;
    default:
      return undefined;
  }
  if (template === null || typeof template !== 'object') return undefined;
  return { metadata: template.metadata ?? {}, spec: template.spec !== null && typeof template.spec === 'object' ? template.spec : {} };
}

/** Flattens `kind: List` objects (as `kubectl get -o yaml` prints them). */
export function flatten(objects: readonly any[]): any[] {
  const out: any[] = [];
  const visit = (o: any) => {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return;
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) o.items.forEach(visit);
    else out.push(o);
  };
  objects.forEach(visit);
  return out;
}
