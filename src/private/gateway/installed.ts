/**
 * A gateway installed in the cluster, which a `Gateway` selects by label: its Service (as a route
 * destination) and what the analysis takes as existing (the Service and a pod with the labels).
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { gatewayNamespace } from './workload';
import { resolveWorkload, ResolvedPort } from './workload-options';
import type { InstalledGatewayService } from '../../installed-gateway';
import type { IMesh } from '../../interfaces/mesh';
import type { IMeshHost } from '../../interfaces/mesh-host';
import { arrayOf, num, optional, shape, str } from '../props';
import { PROXY_CONTAINER } from '../proxy-ports';
import { dns1035LabelProblem, dnsLabelProblem, dnsSubdomainProblem } from '../validation';

/** Istio's installed gateways live in `istio-system`. */
export const INSTALLED_GATEWAY_NAMESPACE = 'istio-system';

/** The types of `installedService`, checked before it is read. */
export const INSTALLED_SERVICE_TYPE = shape({
  name: optional(str),
  namespace: optional(str),
  serviceAccountName: optional(str),
  ports: optional(arrayOf(shape({ port: num, name: str, targetPort: optional(num) }))),
});

/** The Service of an installed gateway, with the defaults applied. */
export interface ResolvedInstalledService {
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccountName: string;
  readonly ports: ResolvedPort[];
}

/** Applies Istio's chart defaults and checks the options, each problem naming its option under `installedService`. */
export function resolveInstalledService(given: InstalledGatewayService, egress: boolean): { resolved: ResolvedInstalledService; problems: string[] } {
  const name = given.name ?? (egress ? 'istio-egressgateway' : 'istio-ingressgateway');
  const namespace = given.namespace ?? INSTALLED_GATEWAY_NAMESPACE;
  // the ports follow the rules (and defaults) of the library's own gateway workloads
  const { resolved, problems } = resolveWorkload({ ports: given.ports, egress });
  return {
    resolved: { name, namespace, serviceAccountName: given.serviceAccountName ?? `${name}-service-account`, ports: resolved.ports },
    problems: [
      dns1035LabelProblem('installedService.name', name),
      dnsLabelProblem('installedService.namespace', namespace),
      given.serviceAccountName === undefined ? undefined : dnsSubdomainProblem('installedService.serviceAccountName', given.serviceAccountName),
      ...problems.map(p => p.replace(/^'ports/, "'installedService.ports")),
    ].filter((p): p is string => p !== undefined),
  };
}

/** The Service of an installed gateway, as a route destination. */
export class InstalledGatewayHost extends Construct implements IMeshHost {
  public readonly name: string;
  public readonly namespace: string;
  public readonly ports: ResolvedPort[];
  /** The ServiceAccount the installed gateway's pods run as. */
  public readonly serviceAccountName: string;
  private readonly mesh: IMesh;

  public constructor(scope: Construct, id: string, service: ResolvedInstalledService, mesh: IMesh) {
    super(scope, id);
    this.name = service.name;
    this.namespace = service.namespace;
    this.ports = service.ports;
    this.serviceAccountName = service.serviceAccountName;
    this.mesh = mesh;
  }

  public get versionNames(): string[] {
    return [];
  }

  public get portNumbers(): number[] {
    return this.ports.map(p => p.port);
  }

  public hostFrom(namespace: string): string {
    return namespace === this.namespace ? this.name : `${this.name}.${this.namespace}.svc.${this.mesh.clusterDomain}`;
  }

  /** What the cluster holds: the Service, selecting the pods by the Gateway's selector, and one such pod (never emitted). */
  public clusterManifests(selector: { [key: string]: string }): any[] {
    return [
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: this.name, namespace: this.namespace },
        spec: { selector, ports: this.ports.map(p => ({ name: p.name, port: p.port, protocol: 'TCP', targetPort: p.targetPort })) },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${this.name}-installed`, namespace: this.namespace, labels: selector },
        spec: { containers: [{ name: PROXY_CONTAINER }] },
      },
    ];
  }
}

/**
 * The Namespace object of a gateway's namespace, none for the namespace of an installed gateway:
 * it exists with the gateway, and its labels are not the app's to set.
 */
export function namespaceUnlessInstalled(mesh: IMesh, namespace: string, installed: { namespace: string } | undefined): ApiObject | undefined {
  return installed?.namespace === namespace ? undefined : gatewayNamespace(mesh, namespace);
}
