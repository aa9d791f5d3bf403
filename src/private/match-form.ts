/**
 * Matches in their wire form: Istio's VirtualService match objects. It is also the canonical form
 * the route checks reason on (match-coverage.ts), whatever API the routes are rendered in.
 */
import { HttpMatch } from '../http-route';
import { VirtualServiceSpecHttpMatch, VirtualServiceSpecTcpMatch } from '../imports/networking.istio.io';
import { StringMatch } from '../string-match';
import { TcpMatch } from '../tcp-route';
import { httpMatchAdmitsAll, MatchScope, tcpMatchAdmitsAll } from './match-coverage';

/** Whether HTTP matches admit every request to the host: none, or one that admits everything (match-coverage.ts). */
export function isHttpCatchAll(matches: HttpMatch[] | undefined, scope: MatchScope): boolean {
  return matches === undefined || matches.length === 0 || matches.some(m => httpMatchAdmitsAll(renderHttpMatch(m), scope));
}

export function isTcpCatchAll(matches: TcpMatch[] | undefined, scope: MatchScope): boolean {
  return matches === undefined || matches.length === 0 || matches.some(m => tcpMatchAdmitsAll(renderTcpMatch(m), scope));
}

function renderStringMap(map: { [k: string]: StringMatch } | undefined): { [k: string]: any } | undefined {
  return map && Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v._toIstio()]));
}

export function renderHttpMatch(m: HttpMatch): VirtualServiceSpecHttpMatch {
  return {
    name: m.name,
    uri: m.uri?._toIstio(),
    ignoreUriCase: m.ignoreUriCase,
    scheme: m.scheme?._toIstio(),
    method: m.method?._toIstio(),
    authority: m.authority?._toIstio(),
    headers: renderStringMap(m.headers),
    withoutHeaders: renderStringMap(m.withoutHeaders),
    queryParams: renderStringMap(m.queryParams),
    port: m.port,
    sourceLabels: m.sourceLabels,
    sourceNamespace: m.sourceNamespace,
    gateways: m.gateways,
  };
}

export function renderTcpMatch(m: TcpMatch): VirtualServiceSpecTcpMatch {
  return {
    port: m.port,
    destinationSubnets: m.destinationSubnets,
    sourceLabels: m.sourceLabels,
    sourceNamespace: m.sourceNamespace,
    gateways: m.gateways,
  };
}

/**
 * The port every match of a TCP or TLS route names, when they all name the same one: connections
 * such a route takes arrive on that port, so a destination of the route's own host that names no
 * port is sent to it.
 */
export function impliedPort(matches: ReadonlyArray<{ readonly port?: number }> | undefined): number | undefined {
  const ports = new Set((matches ?? []).map(m => m.port));
  const [port] = ports;
  return matches !== undefined && matches.length > 0 && ports.size === 1 ? port : undefined;
}
