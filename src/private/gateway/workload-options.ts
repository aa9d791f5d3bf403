/**
 * The options of a gateway workload (`GatewayWorkloadOptions`): their runtime types, their
 * defaults (Istio's `gateway` Helm chart) and the problems of the values given.
 */
import * as kplus from 'cdk8s-plus-27';
import { GatewayPort, GatewayServiceType, GatewayWorkloadOptions } from '../../gateway-workload-options';
import { arrayOf, containerResources, mapOf, num, oneOf, optional, shape, str } from '../props';
import { PROXY_PORTS, reservedPortUse } from '../proxy-ports';
import { OWN_UNITS, resolveResources, ResourceQuantities } from '../resources';
import { annotationProblems, dnsLabelProblem, int32Problem, integerProblem } from '../validation';

/** Istio's status port: `/healthz/ready` of the gateway, probed by load balancers. */
export const STATUS_PORT = 15021;

/** The options of `GatewayWorkloadOptions`: a `Gateway` passes them on to its own workload, and rejects them for another. */
export const WORKLOAD_OPTIONS: Array<keyof GatewayWorkloadOptions> = [
  'replicas', 'ports', 'serviceType', 'serviceAnnotations', 'resources', 'autoscaling', 'disruptionBudget',
];

/** The types of the fields of `GatewayWorkloadOptions`. */
export const WORKLOAD_OPTION_TYPES = {
  replicas: optional(num),
  ports: optional(arrayOf(shape({ port: num, name: str, targetPort: optional(num) }))),
  // ExternalName is named here so that a JavaScript caller's 'ExternalName' gets the reason it cannot be used
  serviceType: optional(oneOf(kplus.ServiceType)),
  serviceAnnotations: optional(mapOf(str)),
  resources: optional(containerResources),
  autoscaling: optional(shape({
    minReplicas: optional(num), maxReplicas: optional(num), targetCpuUtilization: optional(num), targetMemoryUtilization: optional(num),
  })),
  disruptionBudget: optional(shape({ minAvailable: optional(num), maxUnavailable: optional(num) })),
};

/** A Service port of the workload. */
export interface ResolvedPort {
  readonly name: string;
  readonly port: number;
  readonly targetPort: number;
}

/** Istio's gateway chart: requests cpu 100m / memory 128Mi, limits cpu 2000m / memory 1024Mi. */
const DEFAULT_RESOURCES: ResourceQuantities = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } };

/** The workload options as given, and whether the workload is an egress gateway. */
export interface WorkloadInput extends GatewayWorkloadOptions {
  readonly egress: boolean;
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

const DEFAULT_PORTS: GatewayPort[] = [{ port: 80, name: 'http2' }, { port: 443, name: 'https' }];

/**
 * Applies the defaults (Istio's gateway chart: ports 80 `http2` and 443 `https`, resources
 * 100m/128Mi requested and 2000m/1024Mi limits, autoscaling 1–5 pods at 80% CPU) and checks the
 * options, each problem naming its option.
 */
export function resolveWorkload(input: WorkloadInput): { resolved: ResolvedWorkload; problems: string[] } {
  const ports: ResolvedPort[] = (input.ports ?? DEFAULT_PORTS).map(p => ({
    name: p.name, port: p.port, targetPort: p.targetPort ?? (p.port < 1024 ? p.port + 8000 : p.port),
  }));
  const serviceType: string = input.serviceType ?? (input.egress ? GatewayServiceType.CLUSTER_IP : GatewayServiceType.LOAD_BALANCER);
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
        .map(n => `'ports[${i}]' uses ${n}, a port of the gateway proxy itself (${reservedPortUse(n)})`),
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
