/**
 * The checks of a declared service across its parts: ports, versions, routes that fit its ports,
 * a canary that owns its default route, traffic policy, ports' mTLS modes, and client TLS against
 * the mTLS each port accepts.
 */
import { ClientTlsMode } from '../client-tls';
import { DefaultRoutingKind } from '../default-routing';
import { EffectiveMtls, hasSidecars, MtlsScope, portMtls, portMtlsProblems } from '../model/mtls';
import { describeScope } from '../model/policy-table';
import { defaultDestinations, PortModel, ServiceModel } from '../model/service';
import { MtlsMode } from '../mtls';
import { routeKindOf, RouteKind } from './protocol';
import { RouteDefault, routeTableProblems } from './route-checks';
import { listOf } from './validation';

/**
 * What the route checks need of the service's default route: none without versions, the canary's
 * tester route pinned before it; routes to the service itself without a port are rendered per port.
 */
export function serviceRouteDefault(service: ServiceModel): RouteDefault | undefined {
  const canary = service.canary;
  if (canary) {
    const pinned = canary.testerMatches && { label: `the tester route of ${canary.path}`, matches: canary.testerMatches };
    return { pinned, portPerRoute: true };
  }
  // a route to the service that names no port applies on each HTTP port, sending to that port
  return defaultDestinations(service) === undefined ? undefined : { portPerRoute: true };
}

/**
 * Every problem of a service that only shows once it is complete. `declaredDefault` is the
 * `defaultVersion` the service was given, if any.
 */
export function serviceProblems(service: ServiceModel, declaredDefault: string | undefined): string[] {
  const problems: string[] = [];
  const ports = service.ports;
  const routes = service.routes;
  const canary = service.canary;
  const carries = (kind: RouteKind) => ports.some(p => routeKindOf(p.protocol) === kind);
  if (ports.length === 0) {
    problems.push(`service '${service.name}' has no port: give at least one in 'ports'`);
  } else if (ports.every(p => routeKindOf(p.protocol) === RouteKind.NONE)) {
    problems.push(`service '${service.name}' has only UDP ports, which Istio cannot route: give it a TCP-based port`);
  }
  if (service.versions.length === 0) {
    problems.push(`service '${service.name}' declares no version: add one with 'versions' or addVersion()`);
  } else if (declaredDefault !== undefined && !service.versions.some(v => v.name === declaredDefault)) {
    problems.push(`'defaultVersion' '${declaredDefault}' is not declared on service '${service.name}' (declared: ${listOf(service.versions.map(v => v.name))})`);
  }
  problems.push(...defaultRoutingProblems(service, declaredDefault));
  if (routes.hasHttp && ports.length > 0 && !carries(RouteKind.HTTP)) {
    problems.push(`service '${service.name}' has HTTP routes but no HTTP port: HTTP routes apply only to HTTP, HTTP2, GRPC and GRPC-WEB ports`);
  }
  // a controller that owns the routing writes the default route itself: its hand-off checks what
  // the service's own route may carry into it (Flagger: the route's timeout, retries …)
  if (canary && routes.httpCatchAllIndex >= 0 && !service.handedOff?.routing) {
    problems.push(`routes[${routes.httpCatchAllIndex}] matches every request, but ${canary.path} owns the default route of '${service.name}': give the route a match, or drop the canary`);
  }
  if (routes.hasTcp && !carries(RouteKind.TCP)) {
    problems.push(`service '${service.name}' has TCP routes but no TCP port: TCP routes apply only to TCP, MONGO, MYSQL and REDIS ports`);
  }
  if (routes.hasTls && !carries(RouteKind.TLS)) {
    problems.push(`service '${service.name}' has TLS routes but no TLS or HTTPS port`);
  }
  const pinName = canary?.pinRouteName;
  if (pinName !== undefined && routes.httpRouteNames.includes(pinName)) {
    problems.push(`route name '${pinName}' is reserved by ${canary!.path} for its tester route: rename the route`);
  }
  if (canary && routes.tcpCatchAll) {
    problems.push(`a TCP route matches every connection, but ${canary.path} owns the default route of '${service.name}': give the route a match, or drop the canary`);
  }
  problems.push(...routeTableProblems(routes, serviceRouteDefault(service)));
  problems.push(...service.policies.validate());
  problems.push(...portMtlsProblems(service));
  problems.push(...tlsProblems(service));
  return problems;
}

/** A declared `defaultRouting` against the service's versions, routes and canary. */
function defaultRoutingProblems(service: ServiceModel, declaredDefault: string | undefined): string[] {
  const routing = service.defaultRouting;
  if (declaredDefault !== undefined || routing === undefined || service.versions.length === 0) {
    return [];
  }
  const problems: string[] = [];
  const declared = service.versions.map(v => v.name);
  for (const w of routing.weights.filter(x => !declared.includes(x.version))) {
    problems.push(`'defaultRouting' ${routing} names version '${w.version}', which is not declared on service '${service.name}' (declared: ${listOf(declared)})`);
  }
  const canary = service.canary;
  if (canary && routing.kind !== DefaultRoutingKind.VERSION) {
    problems.push(`${canary.path} owns the default route of '${service.name}', which conflicts with its 'defaultRouting' ${routing}: drop the canary, or the 'defaultRouting'`);
  }
  const routes = service.routes;
  const first = routes.httpEntries[0] ?? routes.tcpEntries[0] ?? routes.tlsEntries[0];
  if (routing.kind === DefaultRoutingKind.NONE && first !== undefined) {
    problems.push(`${first.label}: service '${service.name}' has 'defaultRouting' DefaultRouting.none(), which emits no routing object to hold routes: choose another default routing, or drop the routes`);
  }
  return problems;
}

/**
 * Client TLS a user gave that contradicts what a port it applies to accepts (its effective
 * PeerAuthentication mode, see `resolveMtls`): STRICT takes only ISTIO_MUTUAL, DISABLE anything but
 * ISTIO_MUTUAL, PERMISSIVE anything. A value applies to a port when it is the effective one of the
 * port at the host level or for a version (Istio's precedence, `PolicyTable.effectiveEntry`).
 */
function tlsProblems(service: ServiceModel): string[] {
  if (!hasSidecars(service)) {
    return service.policies.all().filter(e => e.field === 'tls' && e.value.mode === ClientTlsMode.ISTIO_MUTUAL).map(e =>
      `client TLS mode ISTIO_MUTUAL for ${describeScope(service.name, e.scope)} (from ${e.source}) needs a sidecar, but '${service.name}' has none (DataPlane.none()): its pods accept only what the application serves (use ClientTls.disable(), simple() or mutual(), or leave 'tls' unset)`);
  }
  const cells = [undefined, ...service.versions.map(v => v.name)];
  return service.policies.all().filter(e => e.field === 'tls').flatMap(e => {
    const mode: ClientTlsMode = e.value.mode;
    const where = describeScope(service.name, e.scope);
    const governed = service.ports.filter(p => cells.some(version => {
      const found = service.policies.effectiveEntry('tls', { version, port: p.port });
      return found?.scope.version === e.scope.version && found?.scope.port === e.scope.port;
    }));
    const messages = governed.map(port => {
      const server = portMtls(service, port);
      const origin = mtlsOrigin(service, port, server);
      const on = server.scope === MtlsScope.PORT ? ` on port ${port.port}` : '';
      if (server.mode === MtlsMode.STRICT && mode !== ClientTlsMode.ISTIO_MUTUAL) {
        return `client TLS mode ${mode} for ${where} (from ${e.source}) contradicts ${origin}: the sidecars of '${service.name}' accept only Istio mutual TLS${on} (use ClientTls.istioMutual() or leave 'tls' unset)`;
      }
      if (server.mode === MtlsMode.DISABLE && mode === ClientTlsMode.ISTIO_MUTUAL) {
        return `client TLS mode ISTIO_MUTUAL for ${where} (from ${e.source}) contradicts ${origin}: the sidecars of '${service.name}' accept only plain text${on}`;
      }
      return undefined;
    });
    return [...new Set(messages.filter((m): m is string => m !== undefined))];
  });
}

/** Names the PeerAuthentication scope that decided a port's mode, e.g. `the mesh's STRICT mTLS`. */
function mtlsOrigin(service: ServiceModel, port: PortModel, server: EffectiveMtls): string {
  switch (server.scope) {
    case MtlsScope.PORT:
      return `the ${server.mode} mTLS of port ${port.port} ('mtls' of the port)`;
    case MtlsScope.WORKLOAD:
      return `the ${server.mode} mTLS of service '${service.name}' (its 'mtls')`;
    case MtlsScope.NAMESPACE:
      return `the ${server.mode} mTLS of namespace '${service.namespace}'`;
    default:
      return `the mesh's ${server.mode} mTLS`;
  }
}
