/**
 * The Kubernetes objects of a gateway workload, shaped like Istio's `gateway` Helm chart: a
 * Deployment whose only container is `istio-proxy` with `image: auto` (turned into an Envoy router
 * by the injection engine's `gateway` template at synthesis), its Service, ServiceAccount, a Role
 * and RoleBinding to read TLS Secrets, and optionally a HorizontalPodAutoscaler and a
 * PodDisruptionBudget.
 */
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  IntOrString,
  KubeDeployment,
  KubeHorizontalPodAutoscalerV2,
  KubePodDisruptionBudget,
  KubeRole,
  KubeRoleBinding,
  KubeService,
  KubeServiceAccount,
  MetricSpecV2,
  Quantity,
} from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { DataPlane } from '../../data-plane';
import type { GatewayWorkloadOptions } from '../../gateway-workload';
import { IMesh } from '../../interfaces/mesh';
import { InjectionSettings } from '../inject';
import { arrayOf, containerResources, mapOf, num, oneOf, optional, shape, str } from '../props';
import { PROXY_PORTS } from '../proxy-ports';
import { OWN_UNITS, resolveResources, ResourceQuantities } from '../resources';
import { injectAtSynth } from '../sidecar';
import { annotationProblems, dnsLabelProblem, int32Problem, integerProblem } from '../validation';

/** Istio's status port: `/healthz/ready` of the gateway, probed by load balancers. */
export const STATUS_PORT = 15021;
export { RESERVED_PORTS } from '../proxy-ports';

/** The options of `GatewayWorkloadOptions`: a `Gateway` passes them on to its own workload, and rejects them for another. */
export const WORKLOAD_OPTIONS: Array<keyof GatewayWorkloadOptions> = [
  'replicas', 'ports', 'serviceType', 'serviceAnnotations', 'resources', 'autoscaling', 'disruptionBudget',
];

/** The types of the fields of `GatewayWorkloadOptions`. */
export const WORKLOAD_OPTION_TYPES = {
  replicas: optional(num),
  ports: optional(arrayOf(shape({ port: num, name: str, targetPort: optional(num) }))),
  serviceType: optional(oneOf(kplus.ServiceType)),
  serviceAnnotations: optional(mapOf(str)),
  resources: optional(containerResources),
  autoscaling: optional(shape({
    minReplicas: optional(num), maxReplicas: optional(num), targetCpuUtilization: optional(num), targetMemoryUtilization: optional(num),
  })),
  disruptionBudget: optional(shape({ minAvailable: optional(num), maxUnavailable: optional(num) })),
};

/** The namespace of a gateway workload when none is given. */
export function defaultGatewayNamespace(egress: boolean): string {
  return egress ? 'istio-egress' : 'istio-ingress';
}

/** A Service port of the workload. */
export interface ResolvedPort {
  readonly name: string;
  readonly port: number;
  readonly targetPort: number;
}

/** Istio's gateway chart: requests cpu 100m / memory 128Mi, limits cpu 2000m / memory 1024Mi. */
const DEFAULT_RESOURCES: ResourceQuantities = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } };

/** The workload options as the public interfaces spell them. */
export interface WorkloadInput {
  readonly egress: boolean;
  readonly replicas?: number;
  readonly ports?: Array<{ readonly port: number; readonly name: string; readonly targetPort?: number }>;
  readonly serviceType?: kplus.ServiceType;
  readonly serviceAnnotations?: { [key: string]: string };
  readonly resources?: kplus.ContainerResources;
  readonly autoscaling?: {
    readonly minReplicas?: number;
    readonly maxReplicas?: number;
    readonly targetCpuUtilization?: number;
    readonly targetMemoryUtilization?: number;
  };
  readonly disruptionBudget?: { readonly minAvailable?: number; readonly maxUnavailable?: number };
}

/** The options with their defaults applied. */
export interface ResolvedWorkload {
  readonly serviceType: string;
  readonly serviceAnnotations?: { [key: string]: string };
  readonly ports: ResolvedPort[];
  readonly replicas: number;
  readonly autoscaling?: { minReplicas: number; maxReplicas: number; cpu?: number; memory?: number };
  readonly disruptionBudget?: { minAvailable?: number; maxUnavailable?: number };
  readonly resources: ResourceQuantities;
}

/** Everything the objects are made from. */
export interface WorkloadConfig extends ResolvedWorkload {
  readonly name: string;
  readonly namespace: string;
  readonly istioLabel: string;
  /** Whether Istio's webhook watches the namespace: then the pods say they are injected already. */
  readonly webhookNamespace: boolean;
  readonly injection: () => InjectionSettings;
}

/** The objects created. */
export interface WorkloadObjects {
  readonly deployment: ApiObject;
  readonly service: ApiObject;
  readonly serviceAccount: ApiObject;
  readonly role: ApiObject;
  readonly roleBinding: ApiObject;
  readonly autoscaler?: ApiObject;
  readonly disruptionBudget?: ApiObject;
}

const DEFAULT_PORTS: NonNullable<WorkloadInput['ports']> = [{ port: 80, name: 'http2' }, { port: 443, name: 'https' }];

/**
 * Applies the defaults (Istio's gateway chart: ports 80 `http2` and 443 `https`, resources
 * 100m/128Mi requested and 2000m/1024Mi limits, autoscaling 1–5 pods at 80% CPU) and checks the
 * options, each problem naming its option.
 */
export function resolveWorkload(input: WorkloadInput): { resolved: ResolvedWorkload; problems: string[] } {
  const ports: ResolvedPort[] = (input.ports ?? DEFAULT_PORTS).map(p => ({
    name: p.name, port: p.port, targetPort: p.targetPort ?? (p.port < 1024 ? p.port + 8000 : p.port),
  }));
  const serviceType = input.serviceType ?? (input.egress ? kplus.ServiceType.CLUSTER_IP : kplus.ServiceType.LOAD_BALANCER);
  const a = input.autoscaling;
  const autoscaling = a && {
    minReplicas: a.minReplicas ?? 1,
    maxReplicas: a.maxReplicas ?? Math.max(5, a.minReplicas ?? 1),
    cpu: a.targetCpuUtilization ?? (a.targetMemoryUtilization === undefined ? 80 : undefined),
    memory: a.targetMemoryUtilization,
  };
  const replicas = input.replicas ?? 1;
  const { quantities: resources, problems: resourceProblems } = resolveResources('resources', input.resources, OWN_UNITS, false, DEFAULT_RESOURCES);
  const problems = [
    int32Problem('replicas', input.replicas, 0),
    input.replicas !== undefined && a !== undefined
      ? "'replicas' and 'autoscaling' exclude each other: the HorizontalPodAutoscaler sets the replica count" : undefined,
    serviceType === kplus.ServiceType.EXTERNAL_NAME ? "'serviceType' EXTERNAL_NAME cannot expose a gateway: use LOAD_BALANCER, NODE_PORT or CLUSTER_IP" : undefined,
    input.ports !== undefined && input.ports.length === 0 ? "'ports' must have at least one entry" : undefined,
    ...ports.flatMap((p, i) => [
      integerProblem(`ports[${i}].port`, p.port, 1, 65535),
      integerProblem(`ports[${i}].targetPort`, p.targetPort, 1, 65535),
      ...[...new Set([p.port, p.targetPort])].filter(n => PROXY_PORTS.has(n))
        .map(n => `'ports[${i}]' uses ${n}, a port of the gateway proxy itself (${PROXY_PORTS.get(n)}; reserved: ${[...PROXY_PORTS.keys()].join(', ')})`),
      dnsLabelProblem(`ports[${i}].name`, p.name),
      p.name === 'status-port' ? `'ports[${i}].name' 'status-port' is the name of the status port ${STATUS_PORT}` : undefined,
      ports.findIndex(o => Object.is(o.port, p.port)) !== i ? `'ports[${i}].port' ${p.port} is declared twice` : undefined,
      ports.findIndex(o => o.name === p.name) !== i ? `'ports[${i}].name' '${p.name}' is declared twice` : undefined,
    ]),
    ...resourceProblems,
    ...annotationProblems('serviceAnnotations', input.serviceAnnotations),
    ...autoscaling ? [
      int32Problem('autoscaling.minReplicas', autoscaling.minReplicas, 1),
      int32Problem('autoscaling.maxReplicas', autoscaling.maxReplicas, Math.max(1, autoscaling.minReplicas)),
      int32Problem('autoscaling.targetCpuUtilization', autoscaling.cpu, 1),
      int32Problem('autoscaling.targetMemoryUtilization', autoscaling.memory, 1),
    ] : [],
    ...disruptionBudgetProblems(input.disruptionBudget, autoscaling?.minReplicas ?? replicas, autoscaling !== undefined),
  ].filter((p): p is string => p !== undefined);
  return {
    resolved: {
      serviceType, serviceAnnotations: input.serviceAnnotations, ports, replicas, autoscaling, disruptionBudget: input.disruptionBudget, resources,
    },
    problems,
  };
}

function disruptionBudgetProblems(b: WorkloadInput['disruptionBudget'], minPods: number, autoscaled: boolean): Array<string | undefined> {
  if (b === undefined) {
    return [];
  }
  if ((b.minAvailable === undefined) === (b.maxUnavailable === undefined)) {
    return ["'disruptionBudget' needs exactly one of 'minAvailable' and 'maxUnavailable'"];
  }
  const pods = autoscaled ? `'autoscaling.minReplicas' ${minPods}` : `'replicas' ${minPods}`;
  return [
    int32Problem('disruptionBudget.minAvailable', b.minAvailable, 0),
    int32Problem('disruptionBudget.maxUnavailable', b.maxUnavailable, 1),
    b.minAvailable !== undefined && Number.isInteger(b.minAvailable) && b.minAvailable >= minPods
      ? `'disruptionBudget.minAvailable' must be below ${pods}, got ${b.minAvailable}: no pod could ever be evicted, which blocks node drains` : undefined,
  ];
}

/**
 * The namespace object of a gateway namespace. A namespace new to the mesh is added with
 * `DataPlane.none()` (`istio-injection: disabled`): gateway pods arrive injected, and neither of
 * Istio's webhooks may inject them again. The root namespace has no application namespace object.
 */
export function gatewayNamespace(mesh: IMesh, namespace: string): ApiObject | undefined {
  if (namespace === mesh.rootNamespace) {
    return undefined;
  }
  return mesh.namespaces.includes(namespace) ? mesh.addNamespace(namespace) : mesh.addNamespace(namespace, { dataPlane: DataPlane.none() });
}

/** The labels the Deployment, Service and PodDisruptionBudget select pods by (as Istio's chart). */
export function workloadSelector(c: { name: string; istioLabel: string }): { [key: string]: string } {
  return { app: c.name, istio: c.istioLabel };
}

/** Labels of every object of the workload, and of its pods. */
function workloadLabels(c: WorkloadConfig): { [key: string]: string } {
  return {
    ...workloadSelector(c),
    'app.kubernetes.io/name': c.name,
    'app.kubernetes.io/part-of': 'istio',
    // ambient mode: the gateway is a proxy itself, ztunnel must not capture its traffic
    'istio.io/dataplane-mode': 'none',
  };
}

function quantities(values: { [k: string]: string | undefined }): { [k: string]: Quantity } | undefined {
  const entries = Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined);
  return entries.length > 0 ? Object.fromEntries(entries.map(([k, v]) => [k, Quantity.fromString(v)])) : undefined;
}

/** Creates the workload's objects in `scope`. */
export function createWorkloadObjects(scope: Construct, c: WorkloadConfig): WorkloadObjects {
  const labels = workloadLabels(c);
  const metadata = { name: c.name, namespace: c.namespace, labels };
  const selector = workloadSelector(c);

  const serviceAccount = new KubeServiceAccount(scope, 'ServiceAccount', { metadata });

  const deployment = new KubeDeployment(scope, 'Deployment', {
    metadata,
    spec: {
      replicas: c.autoscaling ? undefined : c.replicas,
      selector: { matchLabels: selector },
      template: {
        metadata: {
          annotations: { 'inject.istio.io/templates': 'gateway' },
          labels,
        },
        spec: {
          serviceAccountName: c.name,
          securityContext: { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] },
          containers: [{
            name: 'istio-proxy',
            // replaced by the proxyv2 image of the mesh's Istio release when the gateway template is applied
            image: 'auto',
            securityContext: {
              capabilities: { drop: ['ALL'] },
              allowPrivilegeEscalation: false,
              privileged: false,
              readOnlyRootFilesystem: true,
              runAsNonRoot: true,
            },
            ports: [{ containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' }],
            resources: {
              limits: quantities(c.resources.limits),
              requests: quantities(c.resources.requests),
            },
          }],
          terminationGracePeriodSeconds: 30,
        },
      },
    },
  });
  injectAtSynth(deployment, c.injection);
  if (c.webhookNamespace) {
    // the pods arrive injected: keep Istio's webhook from injecting them a second time
    const injected = deployment.toJson.bind(deployment);
    (deployment as { toJson: () => any }).toJson = () => {
      const json = injected();
      const podLabels = json.spec?.template?.metadata?.labels;
      if (podLabels) {
        podLabels['sidecar.istio.io/inject'] = 'false';
      }
      return json;
    };
  }

  const service = new KubeService(scope, 'Service', {
    metadata: { ...metadata, annotations: c.serviceAnnotations },
    spec: {
      type: c.serviceType,
      ports: [
        { name: 'status-port', port: STATUS_PORT, protocol: 'TCP', targetPort: IntOrString.fromNumber(STATUS_PORT) },
        ...c.ports.map(p => ({ name: p.name, port: p.port, protocol: 'TCP', targetPort: IntOrString.fromNumber(p.targetPort) })),
      ],
      selector,
    },
  });

  // the gateway serves certificates from Secrets of its namespace (credentialName): istiod checks
  // that the gateway's ServiceAccount may read them
  const role = new KubeRole(scope, 'Role', {
    metadata,
    rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }],
  });
  const roleBinding = new KubeRoleBinding(scope, 'RoleBinding', {
    metadata,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: c.name },
    subjects: [{ kind: 'ServiceAccount', name: c.name, namespace: c.namespace }],
  });

  let autoscaler: ApiObject | undefined;
  if (c.autoscaling) {
    const metric = (name: string, utilization: number): MetricSpecV2 =>
      ({ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization: utilization } } });
    const a = c.autoscaling;
    autoscaler = new KubeHorizontalPodAutoscalerV2(scope, 'HorizontalPodAutoscaler', {
      metadata,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: c.name },
        minReplicas: a.minReplicas,
        maxReplicas: a.maxReplicas,
        metrics: [
          ...a.cpu !== undefined ? [metric('cpu', a.cpu)] : [],
          ...a.memory !== undefined ? [metric('memory', a.memory)] : [],
        ],
      },
    });
  }

  let disruptionBudget: ApiObject | undefined;
  if (c.disruptionBudget) {
    const b = c.disruptionBudget;
    disruptionBudget = new KubePodDisruptionBudget(scope, 'PodDisruptionBudget', {
      metadata,
      spec: {
        selector: { matchLabels: selector },
        minAvailable: b.minAvailable !== undefined ? IntOrString.fromNumber(b.minAvailable) : undefined,
        maxUnavailable: b.maxUnavailable !== undefined ? IntOrString.fromNumber(b.maxUnavailable) : undefined,
      },
    });
  }

  return { deployment, service, serviceAccount, role, roleBinding, autoscaler, disruptionBudget };
}
