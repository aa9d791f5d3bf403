/**
 * The Gateway API objects of one MeshService: its HTTPRoutes (one per HTTP port), GRPCRoutes (one
 * per gRPC port), TCPRoutes (experimental channel, one per TCP port), a Service per
 * version, a DestinationRule per version once the service has traffic policies, and the
 * ReferenceGrants of its routes to other namespaces.
 */
import { ApiObject } from 'cdk8s';
import { KubeService } from 'cdk8s-plus-27/lib/imports/k8s';
import { crossNamespaceRefs, versionServiceName } from './backends';
import { GrantSet } from './grants';
import { grpcPorts, renderMeshGrpcRoute, routeNamePorts } from './grpc-routes';
import { meshRouteName, meshServiceProblems, renderMeshRoute } from './mesh-routes';
import { meshTcpProblems, meshTcpRouteName, renderMeshTcpRoute, tcpPorts } from './tcp-routes';
import { retryChannelProblems } from './timeouts-retries';
import { unsupported } from './values';
import { renderVersionPolicy } from './version-policy';
import { GatewayApiChannel } from '../../gateway-api-channel';
import { HttpRouteOptions } from '../../http-route';
import { GrpcRoute, HttpRoute, TcpRoute } from '../../imports/gateway.networking.k8s.io';
import { DestinationRule } from '../../imports/networking.istio.io';
import { autoMtlsGap } from '../../model/mtls';
import { entryDestinations } from '../../model/route-targets';
import { ServiceRouting } from '../../model/routing-backend';
import { routesInMesh, ServiceModel, VersionModel } from '../../model/service';
import { lazy } from '../../private/lazy';
import { renderServicePorts } from '../../private/service-ports';

/** The Gateway API side of a MeshService (TCPRoutes in the experimental channel). */
class MeshGatewayApiObjects implements ServiceRouting {
  private readonly routes: ApiObject[];
  private readonly services = new Map<string, ApiObject>();
  private readonly rules = new Map<string, ApiObject>();
  private readonly grants: GrantSet;
  private readonly httpPorts: number[];
  private readonly grpcPorts: number[];

  public constructor(private readonly service: ServiceModel, private readonly channel: GatewayApiChannel) {
    const host = service.host;
    // DefaultRouting.none(): no HTTPRoute, Istio routes to the Service as it would without one
    // (routes are named `<name>-<port>` when the service has several HTTP and gRPC ports together)
    const named = routeNamePorts(service);
    this.grpcPorts = routesInMesh(service) ? grpcPorts(service) : [];
    this.httpPorts = routesInMesh(service) ? named.filter(p => !this.grpcPorts.includes(p)) : [];
    this.routes = named.flatMap(port => {
      const metadata = { name: meshRouteName(service.objectNames.httpRoute, port, named), namespace: service.namespace };
      if (this.grpcPorts.includes(port)) {
        return [new GrpcRoute(host, `GRPCRoute-${port}`, { metadata, spec: lazy(() => renderMeshGrpcRoute(service, port).spec) })];
      }
      return this.httpPorts.includes(port) ? [new HttpRoute(host, `HTTPRoute-${port}`, { metadata, spec: lazy(() => renderMeshRoute(service, port).spec) })] : [];
    });
    // in the experimental channel, a TCPRoute per TCP port (tcp-routes.ts)
    if (channel === GatewayApiChannel.EXPERIMENTAL && routesInMesh(service)) {
      this.routes.push(...tcpPorts(service).map(port => new TcpRoute(host, `TCPRoute-${port}`, {
        metadata: { name: meshTcpRouteName(service, port), namespace: service.namespace },
        spec: lazy(() => renderMeshTcpRoute(service, port).spec),
      })));
    }
    // a route sends from the HTTPRoutes and GRPCRoutes of the ports it applies to
    const applies = (options: HttpRouteOptions, ports: number[]) => ports.some(port => appliesToPort(options, port));
    this.grants = new GrantSet(host, `${service.name}.${service.namespace}`, () => service.routes.httpEntries.flatMap(r => [
      ...applies(r.options, this.httpPorts) ? crossNamespaceRefs('HTTPRoute', service.namespace, entryDestinations(r.options), host) : [],
      ...applies(r.options, this.grpcPorts) ? crossNamespaceRefs('GRPCRoute', service.namespace, entryDestinations(r.options), host) : [],
    ]));
  }

  public get routeObjects(): ApiObject[] {
    return [...this.routes];
  }

  /** The HTTPRoutes, GRPCRoutes, TCPRoutes and ReferenceGrants. */
  public get gatewayApiObjects(): ApiObject[] {
    return [...this.routes, ...this.grants.objects];
  }

  /** The versions' Services, in the order the versions were added. */
  public get versionServices(): ApiObject[] {
    return [...this.services.values()];
  }

  /** A version's Service: HTTPRoutes have no subsets, they send to Services. */
  public versionAdded(version: VersionModel): void {
    const service = this.service;
    const name = versionServiceName(service.name, version.name);
    const object = new KubeService(service.host, `VersionService-${version.name}`, {
      metadata: { name, namespace: service.namespace, labels: { ...version.selectorLabels, service: name } },
      spec: { ports: renderServicePorts(service.ports), selector: { ...version.selectorLabels } },
    });
    if (service.namespaceObject) object.addDependency(service.namespaceObject);
    this.services.set(version.name, object);
    this.policiesChanged();
  }

  /**
   * With traffic policies, a DestinationRule per version's Service: routes send to those hosts,
   * and the service's own DestinationRule does not apply to them.
   */
  public policiesChanged(): void {
    const service = this.service;
    if (service.policies.isEmpty) {
      return;
    }
    for (const version of service.versions.map(v => v.name).filter(v => this.services.has(v) && !this.rules.has(v))) {
      const host = versionServiceName(service.name, version);
      const rule = new DestinationRule(service.host, `VersionDestinationRule-${version}`, {
        metadata: { name: host, namespace: service.namespace },
        spec: lazy(() => ({
          host,
          exportTo: service.exportTo,
          trafficPolicy: renderVersionPolicy(
            service.host, version, (field, where) => service.policies.effective(field, where), policyPorts(service, version)),
        })),
      });
      if (service.namespaceObject) rule.addDependency(service.namespaceObject);
      this.rules.set(version, rule);
    }
  }

  /** A route was added: a grant in every other namespace it sends to. */
  public routeAdded(options: HttpRouteOptions): void {
    const service = this.service;
    const mesh = service.mesh;
    for (const ref of crossNamespaceRefs('HTTPRoute', service.namespace, entryDestinations(options), service.host).filter(r => !r.ownerGrants)) {
      this.grants.ensure(ref, mesh.namespaces.includes(ref.toNamespace) ? mesh.addNamespace(ref.toNamespace) : undefined);
    }
  }

  /** What keeps the service's routing from meaning in the Gateway API what it means in Istio. */
  public problems(): string[] {
    return [
      ...meshServiceProblems(this.service),
      ...meshTcpProblems(this.service, this.channel),
      ...retryChannelProblems(this.service.routes.httpEntries, this.channel),
      ...derivedTlsProblems(this.service),
      ...new Set([
        ...this.httpPorts.flatMap(port => renderMeshRoute(this.service, port).problems),
        ...this.grpcPorts.flatMap(port => renderMeshGrpcRoute(this.service, port).problems),
      ]),
    ];
  }
}

/** The Gateway API objects of a service: HTTPRoutes, GRPCRoutes, TCPRoutes, Services and DestinationRules per version, ReferenceGrants. */
export function gatewayApiServiceRouting(service: ServiceModel, channel: GatewayApiChannel): ServiceRouting {
  return new MeshGatewayApiObjects(service, channel);
}

/** Whether an HTTP route applies to requests to `port` (it has no matches, or one without a port or with this one). */
function appliesToPort(options: HttpRouteOptions, port: number): boolean {
  const matches = options.matches ?? [];
  return matches.length === 0 || matches.some(m => m.port === undefined || m.port === port);
}

/**
 * Ports with traffic policy settings of their own, on the service or on `version`, and the ports
 * given a derived client TLS (model/mtls.ts).
 */
function policyPorts(service: ServiceModel, version: string): number[] {
  return [...service.policies.all()
    .filter(e => e.scope.port !== undefined && (e.scope.version ?? version) === version).map(e => e.scope.port!),
  ...service.policies.portsWithSettings(undefined)];
}

/**
 * STRICT ports auto mTLS does not reach, when the versions' Services get no DestinationRule to
 * carry the derived ISTIO_MUTUAL (the service has no traffic policy when its objects are made).
 */
function derivedTlsProblems(service: ServiceModel): string[] {
  if (!service.policies.isEmpty) {
    return [];
  }
  return service.ports.flatMap(port => {
    const gap = autoMtlsGap(service, port.port);
    return gap === undefined ? [] : [unsupported(`client TLS for the STRICT port ${port.port} of '${service.name}' without a traffic policy`, 'trafficPolicy',
      `${gap}, so callers need ISTIO_MUTUAL from a DestinationRule, and the versions' Services get one only when the service has a traffic policy: `
      + `give the port client TLS (addTrafficPolicy({ tls: ClientTls.istioMutual() }, { port: ${port.port} }))`)];
  });
}
