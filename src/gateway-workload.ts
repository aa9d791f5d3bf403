import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DataPlane, DataPlaneMode } from './data-plane';
import { GatewayPort, GatewayWorkloadOptions } from './gateway-workload-options';
import { IMeshHost } from './interfaces/mesh-host';
import { Mesh } from './mesh';
import { createWorkloadObjects, defaultGatewayNamespace, gatewayNamespace, workloadSelector } from './private/gateway/workload';
import { ResolvedPort, resolveWorkload, WORKLOAD_OPTION_TYPES } from './private/gateway/workload-options';
import { bool, checkTypes, instance, optional, shape, str } from './private/props';
import { injectionSettings } from './private/sidecar';
import { dns1035LabelProblem, dnsLabelProblem, labelProblems, throwIfProblems } from './private/validation';
import { checkPodSecurity, namespaceLevel } from './private/workload-pod-security';

/**
 * Properties of a `GatewayWorkload`.
 */
export interface GatewayWorkloadProps extends GatewayWorkloadOptions {
  /** The mesh. */
  readonly mesh: Mesh;
  /**
   * Name of the Deployment, Service, ServiceAccount, Role and RoleBinding (a DNS-1035 label).
   *
   * @default - 'istio-ingressgateway', or 'istio-egressgateway' for egress
   */
  readonly name?: string;
  /**
   * Namespace of the workload. A namespace the mesh does not have yet is added with
   * `DataPlane.none()` (labelled `istio-injection: disabled`): the pods arrive injected with the
   * gateway template, and Istio's webhook must leave them alone.
   *
   * @default - 'istio-ingress', or 'istio-egress' for egress
   */
  readonly namespace?: string;
  /** An egress gateway (a ClusterIP Service by default, and `istio: egressgateway` by default). @default false */
  readonly egress?: boolean;
  /**
   * The `istio` label of the pods, which Gateways select.
   *
   * @default - the name without its `istio-` prefix (Istio's gateway chart): `ingressgateway`, `egressgateway`
   */
  readonly istioLabel?: string;
}

const PROPS = shape({
  ...WORKLOAD_OPTION_TYPES,
  mesh: instance('Mesh', v => v instanceof Mesh),
  name: optional(str),
  namespace: optional(str),
  egress: optional(bool),
  istioLabel: optional(str),
});

/**
 * The pods of a gateway, shaped like Istio's `gateway` Helm chart: a Deployment running the mesh's
 * `proxyv2` image as a router (its `istio-proxy` container with `image: auto` is filled in by the
 * injection engine's `gateway` template at synthesis, exactly as Istio's webhook would), a Service
 * (the status port 15021 and the gateway's ports), a ServiceAccount, a Role and RoleBinding that
 * let it read TLS Secrets of its namespace, and optionally a HorizontalPodAutoscaler and a
 * PodDisruptionBudget.
 *
 * A `Gateway` creates one of its own unless given `workload` (several Gateways may share one) or
 * `selector` (a gateway installed elsewhere).
 *
 * ```ts
 * const workload = new GatewayWorkload(chart, 'ingress-pods', {
 *   mesh,
 *   namespace: 'istio-ingress',
 *   replicas: 2,
 *   serviceType: GatewayServiceType.LOAD_BALANCER,
 * });
 * new Gateway(chart, 'shop', { mesh, workload, servers: [GatewayServer.http({ hosts: ['shop.example.com'] })] });
 * ```
 */
export class GatewayWorkload extends Construct implements IMeshHost {
  /** The mesh. */
  public readonly mesh: Mesh;
  /** The name of the workload's objects. */
  public readonly name: string;
  /** The namespace. */
  public readonly namespace: string;
  /** Whether this is an egress gateway. */
  public readonly egress: boolean;
  /** The `istio` label of the pods. */
  public readonly istioLabel: string;
  /** The Deployment. */
  public readonly deployment: ApiObject;
  /** The Service. */
  public readonly service: ApiObject;
  /** The ServiceAccount. */
  public readonly serviceAccount: ApiObject;
  /** The HorizontalPodAutoscaler, if autoscaling. */
  public readonly autoscaler?: ApiObject;
  /** The PodDisruptionBudget, if any. */
  public readonly disruptionBudget?: ApiObject;

  private readonly _ports: ResolvedPort[];

  public constructor(scope: Construct, id: string, props: GatewayWorkloadProps) {
    super(scope, id);
    checkTypes(this, props, PROPS);
    this.mesh = props.mesh;
    this.egress = props.egress ?? false;
    this.name = props.name ?? (this.egress ? 'istio-egressgateway' : 'istio-ingressgateway');
    this.namespace = props.namespace ?? defaultGatewayNamespace(this.egress);
    this.istioLabel = props.istioLabel ?? this.name.replace(/^istio-(?=.)/, '');
    const { resolved, problems } = resolveWorkload({ ...props, egress: this.egress });
    throwIfProblems(this, [
      dns1035LabelProblem('name', this.name),
      dnsLabelProblem('namespace', this.namespace),
      ...labelProblems('istioLabel', { istio: this.istioLabel }),
      ...problems,
    ]);

    this._ports = resolved.ports;
    const namespaceObject = gatewayNamespace(this.mesh, this.namespace);
    const mesh = this.mesh;
    const objects = createWorkloadObjects(this, {
      ...resolved,
      name: this.name,
      namespace: this.namespace,
      istioLabel: this.istioLabel,
      webhookNamespace: this.namespace !== mesh.rootNamespace && mesh.namespaceDataPlane(this.namespace).mode === DataPlaneMode.WEBHOOK,
      injection: () => injectionSettings(mesh, DataPlane.synthTime()),
      restricted: namespaceLevel(mesh, this.namespace) === 'restricted',
    });
    checkPodSecurity(objects.deployment, mesh, this.namespace);
    this.deployment = objects.deployment;
    this.service = objects.service;
    this.serviceAccount = objects.serviceAccount;
    this.autoscaler = objects.autoscaler;
    this.disruptionBudget = objects.disruptionBudget;
    if (namespaceObject) {
      for (const c of this.node.children) {
        if (c instanceof ApiObject) {
          c.addDependency(namespaceObject);
        }
      }
    }
  }

  /** The Service ports, besides the status port (copies). */
  public get ports(): GatewayPort[] {
    return this._ports.map(p => ({ ...p }));
  }

  /** The Service port numbers, besides the status port. */
  public get portNumbers(): number[] {
    return this._ports.map(p => p.port);
  }

  /** A gateway has no versions. */
  public get versionNames(): string[] {
    return [];
  }

  /** The fully qualified host name of the Service. */
  public get fqdn(): string {
    return `${this.name}.${this.namespace}.svc.${this.mesh.clusterDomain}`;
  }

  /** How an Istio object in `namespace` names the Service: the short name in its own namespace, else the FQDN. */
  public hostFrom(namespace: string): string {
    return namespace === this.namespace ? this.name : this.fqdn;
  }

  /** The labels the Deployment and Service select pods by: `app` and `istio`. */
  public selectorLabels(): { [key: string]: string } {
    return workloadSelector(this);
  }

  /** @internal */
  public _resolvedPorts(): ResolvedPort[] {
    return this._ports.map(p => ({ ...p }));
  }
}
