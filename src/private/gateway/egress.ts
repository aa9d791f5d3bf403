/**
 * Istio's egress gateway pattern for one external service: which of its ports is routed, through
 * which port of the egress gateway, and what stands in the way.
 */
import { Protocol } from '../../protocol';
import { routeKindOf, RouteKind } from '../protocol';
import { listOf } from '../validation';
import { describePorts } from './servers';

/** What is known of the gateway and the external service. */
export interface EgressInput {
  readonly gateway: string;
  readonly egress: boolean;
  /** The gateway workload's Service ports; undefined when the gateway selects an existing workload. */
  readonly workload?: { readonly name: string; readonly ports: Array<{ port: number; targetPort: number }> };
  /** The Service of the installed gateway the selector names (`installedService`), if given. */
  readonly installed?: { readonly name: string; readonly namespace: string; readonly ports: Array<{ port: number; targetPort: number }> };
  readonly service: string;
  /** Whether the service's resolution is NONE, and how messages say which resolution it is. */
  readonly passthrough: boolean;
  readonly resolutionIs: string;
  readonly hosts: string[];
  readonly ports: Array<{ number: number; protocol: Protocol }>;
  readonly port?: number;
  readonly gatewayPort?: number;
}

/** The route to set up. */
export interface EgressPlan {
  /** HTTP (routed by host) or TLS (routed by SNI). */
  readonly kind: RouteKind;
  /** The external service's port. */
  readonly port: number;
  /** The gateway's Service port. */
  readonly gatewayPort: number;
}

/** Chooses the ports, or returns why the external service cannot be routed through the gateway. */
export function planEgress(e: EgressInput): { plan?: EgressPlan; problems: string[] } {
  const routable = e.ports.filter(p => [RouteKind.HTTP, RouteKind.TLS].includes(routeKindOf(p.protocol)));
  const chosen = e.port !== undefined ? e.ports.find(p => p.number === e.port) : routable.length === 1 ? routable[0] : undefined;
  const kind = chosen && routeKindOf(chosen.protocol);
  const gatewayPort = e.gatewayPort ?? (kind === RouteKind.TLS ? 443 : 80);
  const host = e.hosts[0];
  const problems = [
    !e.egress ? `addEgressRoute() needs an egress gateway ('egress: true'), '${e.gateway}' is an ingress gateway` : undefined,
    !e.workload && !e.installed ? "addEgressRoute() needs the Service of the gateway to send traffic to, but 'selector' names an existing gateway: give 'installedService' "
      + "({} for Istio's installed istio-egressgateway in istio-system, ports 80 and 443), or 'workload' instead" : undefined,
    e.passthrough ? `external service '${e.service}' cannot be routed through a gateway, as ${e.resolutionIs}: the gateway would connect to the address `
      + 'the caller asked for, which is the gateway itself; give it DNS, DNS_ROUND_ROBIN or STATIC resolution' : undefined,
    e.hosts.length !== 1 || host.startsWith('*')
      ? `external service '${e.service}' needs exactly one, non-wildcard host to be routed through a gateway, got ${listOf(e.hosts)}` : undefined,
    e.port !== undefined && chosen === undefined
      ? `'port' ${e.port} is not a port of external service '${e.service}' (ports: ${listOf(e.ports.map(p => String(p.number)))})` : undefined,
    e.port === undefined && chosen === undefined
      ? `'port' is required: external service '${e.service}' has ${routable.length === 0 ? 'no' : 'several'} HTTP, HTTPS or TLS ports (ports: ${listOf(e.ports.map(p => `${p.number} ${p.protocol}`))})` : undefined,
    chosen && kind !== RouteKind.HTTP && kind !== RouteKind.TLS
      ? `port ${chosen.number} of external service '${e.service}' is ${chosen.protocol}: only HTTP, HTTPS and TLS carry the host name a gateway routes by` : undefined,
    e.workload && !e.workload.ports.some(p => p.port === gatewayPort)
      ? `'gatewayPort' ${gatewayPort} is not a Service port of gateway workload '${e.workload.name}' (ports: ${describePorts(e.workload.ports)})` : undefined,
    !e.workload && e.installed && !e.installed.ports.some(p => p.port === gatewayPort)
      ? `'gatewayPort' ${gatewayPort} is not a port of the installed gateway Service '${e.installed.namespace}/${e.installed.name}' `
      + `(ports: ${describePorts(e.installed.ports)}): add it to 'installedService.ports'` : undefined,
  ].filter((p): p is string => p !== undefined);
  return problems.length > 0 ? { problems } : { plan: { kind: kind!, port: chosen!.number, gatewayPort }, problems };
}
