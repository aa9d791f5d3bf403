/**
 * The Gateway API objects of one MeshService: its HTTPRoutes (one per HTTP port), a Service per
 * version, a DestinationRule per version once the service has traffic policies, and the
 * ReferenceGrants of its routes to other namespaces.
 */
import { ApiObject } from 'cdk8s';
import { KubeService, ServicePort } from 'cdk8s-plus-27/lib/imports/k8s';
import { DestinationRule } from '../../imports/networking.istio.io';
import type { MeshService } from '../../mesh-service';
import { HttpRouteOptions } from '../../route';
import type { ServiceVersion } from '../../service-version';
import { lazy } from '../lazy';
import { crossNamespaceRefs, httpDestinations, versionServiceName } from './backends';
import { GrantSet } from './grants';
import { meshRouteName, meshServiceProblems, MeshRouting, renderMeshRoute } from './mesh-routes';
import { HttpRoute } from './types';
import { EffectivePolicy, renderVersionPolicy } from './version-policy';

/** What the objects need from their service (much of it private to MeshService). */
export interface MeshObjectsInput {
  readonly service: MeshService;
  readonly httpPorts: number[];
  readonly servicePorts: () => ServicePort[];
  readonly routing: () => MeshRouting;
  readonly tcpRoutes: () => number;
  readonly tlsRoutes: () => number;
  readonly exportTo?: string[];
  /** Ports with traffic policy settings of their own, on the service or on `version`. */
  readonly policyPorts: (version: string) => number[];
  readonly hasPolicies: () => boolean;
  readonly effective: EffectivePolicy;
}

/** The Gateway API side of a MeshService. */
export class MeshGatewayApiObjects {
  private readonly routes: ApiObject[];
  private readonly services = new Map<string, ApiObject>();
  private readonly rules = new Map<string, ApiObject>();
  private readonly grants: GrantSet;

  public constructor(private readonly input: MeshObjectsInput) {
    const service = input.service;
    this.routes = input.httpPorts.map(port => new HttpRoute(service, `HTTPRoute-${port}`, {
      metadata: { name: meshRouteName(service.name, port, input.httpPorts), namespace: service.namespace },
      spec: lazy(() => renderMeshRoute(input.routing(), port).spec),
    }));
    this.grants = new GrantSet(service, `${service.name}.${service.namespace}`, () => input.routing().routes
      .flatMap(r => crossNamespaceRefs('HTTPRoute', service.namespace, httpDestinations(r.options), service)));
  }

  /** The HTTPRoutes (to depend on the namespace like the service's other objects). */
  public get httpRoutes(): ApiObject[] {
    return [...this.routes];
  }

  /** The HTTPRoutes and ReferenceGrants. */
  public get objects(): ApiObject[] {
    return [...this.routes, ...this.grants.objects];
  }

  /** The versions' Services, in the order the versions were added. */
  public get versionServices(): ApiObject[] {
    return [...this.services.values()];
  }

  /** A version's Service: HTTPRoutes have no subsets, they send to Services. */
  public addVersion(version: ServiceVersion): void {
    const service = this.input.service;
    const name = versionServiceName(service.name, version.name);
    const object = new KubeService(service, `VersionService-${version.name}`, {
      metadata: { name, namespace: service.namespace, labels: { ...version.selectorLabels(), service: name } },
      spec: { ports: this.input.servicePorts(), selector: version.selectorLabels() },
    });
    object.addDependency(service.mesh._namespaceObject(service.namespace));
    this.services.set(version.name, object);
    this.policiesChanged();
  }

  /**
   * With traffic policies, a DestinationRule per version's Service: routes send to those hosts,
   * and the service's own DestinationRule does not apply to them.
   */
  public policiesChanged(): void {
    if (!this.input.hasPolicies()) {
      return;
    }
    const service = this.input.service;
    for (const version of service.versionNames.filter(v => this.services.has(v) && !this.rules.has(v))) {
      const host = versionServiceName(service.name, version);
      const rule = new DestinationRule(service, `VersionDestinationRule-${version}`, {
        metadata: { name: host, namespace: service.namespace },
        spec: lazy(() => ({
          host,
          exportTo: this.input.exportTo,
          trafficPolicy: renderVersionPolicy(service, version, this.input.effective, this.input.policyPorts(version)),
        })),
      });
      rule.addDependency(service.mesh._namespaceObject(service.namespace));
      this.rules.set(version, rule);
    }
  }

  /** A route was added: a grant in every other namespace it sends to. */
  public routeAdded(options: HttpRouteOptions): void {
    const service = this.input.service;
    const mesh = service.mesh;
    for (const ref of crossNamespaceRefs('HTTPRoute', service.namespace, httpDestinations(options), service)) {
      this.grants.ensure(ref.toNamespace, mesh.namespaces.includes(ref.toNamespace) ? mesh._namespaceObject(ref.toNamespace) : undefined);
    }
  }

  /** What keeps the service's routing from meaning in the Gateway API what it means in Istio. */
  public problems(): string[] {
    const routing = this.input.routing();
    return [
      ...meshServiceProblems(routing, this.input.tcpRoutes(), this.input.tlsRoutes(), this.input.exportTo),
      ...new Set(this.input.httpPorts.flatMap(port => renderMeshRoute(routing, port).problems)),
    ];
  }
}
