/**
 * The checks across the routes of a route table: destinations that name undeclared versions or
 * ports, weights, route names, matches that never apply, and routes that earlier ones shadow.
 */
import { HttpMatch } from '../http-route';
import { IMeshHost } from '../interfaces/mesh-host';
import type { RouteTable } from '../model/route-table';
import { RouteDestination } from '../route-destination';
import { httpMatchAdmitsAll, httpMatchCovers, tcpMatchCovers } from './match-coverage';
import { impliedPort, renderHttpMatch, renderTcpMatch } from './match-form';
import { RouteKind } from './protocol';
import { deadMatchProblems, OrderedRoute, shadowProblems } from './route-order';
import { listOf } from './validation';

/** What the route checks need of a host's default (last) route. */
export interface RouteDefault {
  /**
   * A route the owner places after the host's routes and before the default one (a canary's
   * tester route), checked for being shadowed by them.
   */
  readonly pinned?: { readonly label: string; readonly matches: HttpMatch[] };
  /**
   * Whether an HTTP route whose destination is the owner and names no port is rendered once per
   * HTTP port of the owner, sending to the port the request arrived on (a service's own routes).
   */
  readonly portPerRoute?: boolean;
}

/** Cross-object problems of a route table: undeclared versions and ports, weights, unreachable routes, names. */
export function routeTableProblems(table: RouteTable, defaultRoute?: RouteDefault): string[] {
  const problems: string[] = [];
  const names = new Map<string, string>();
  table.httpEntries.forEach(r => {
    const name = r.options.name;
    if (name !== undefined) {
      const first = names.get(name);
      if (first !== undefined) {
        problems.push(`${r.label}: route name '${name}' is already used by ${first}`);
      } else {
        names.set(name, r.label);
      }
    }
    const ownPortOptional = defaultRoute?.portPerRoute === true;
    problems.push(...destinationProblems(table.owner, r.label, r.options.destinations ?? [], r.options.redirect === undefined, ownPortOptional));
    if (r.options.mirror) {
      problems.push(...destinationProblems(table.owner, `${r.label} mirror`, [r.options.mirror.destination], false, ownPortOptional));
    }
    if (r.options.destinations === undefined && r.options.redirect === undefined && defaultRoute === undefined) {
      problems.push(`${r.label}: 'destinations' is required: host '${table.owner.name}' has no default version to send to`);
    } else if (r.options.destinations === undefined && r.options.redirect === undefined && table.owner.portNumbers.length > 1 && !ownPortOptional) {
      problems.push(`${r.label}: 'destinations' is required: host '${table.owner.name}' has several ports (${listOf(table.owner.portNumbers.map(String))}), so a route's destination must name one with 'port'`);
    }
  });
  // a TCP or TLS route whose matches all name one port sends its own host's traffic to that port
  table.tcpEntries.forEach(r => problems.push(...destinationProblems(table.owner, r.label, r.options.destinations, true,
    impliedPort(r.options.matches) !== undefined)));
  const host = table.owner.hostFrom(table.owner.namespace);
  table.tlsEntries.forEach(r => {
    problems.push(...destinationProblems(table.owner, r.label, r.options.destinations, true, impliedPort(r.options.matches) !== undefined));
    (r.options.matches ?? []).forEach((m, i) => (m.sniHosts ?? []).filter(sni => !hostCovers(host, sni)).forEach(sni =>
      problems.push(`${r.label}: 'matches[${i}].sniHosts' entry '${sni}' is not within the host '${host}': Istio rejects SNI hosts outside the VirtualService's hosts`)));
  });

  problems.push(...reachProblems(table, defaultRoute));
  return problems;
}

/** Matches that never apply, and routes or matches that earlier ones shadow. */
function reachProblems(table: RouteTable, defaultRoute?: RouteDefault): string[] {
  const host = table.owner.name;
  const http = table.matchScope(RouteKind.HTTP);
  const tcp = table.matchScope(RouteKind.TCP);
  const tls = table.matchScope(RouteKind.TLS);
  const pinned = defaultRoute?.pinned;
  const httpRoutes: OrderedRoute[] = [
    ...table.httpEntries.map(r => ({ label: r.label, matches: r.options.matches?.map(renderHttpMatch) })),
    // a canary's tester route shadowed by a route matching everything is its owner's to report
    ...pinned ? [{ label: pinned.label, matches: pinned.matches.map(renderHttpMatch), quietBehindCatchAll: true }] : [],
  ];
  return [
    ...table.httpEntries.flatMap(r => deadMatchProblems(r.label, r.options.matches, http, 'HTTP', host)),
    ...pinned ? deadMatchProblems(pinned.label, pinned.matches, http, 'HTTP', host) : [],
    ...table.tcpEntries.flatMap(r => deadMatchProblems(r.label, r.options.matches, tcp, 'TCP', host)),
    ...table.tlsEntries.flatMap(r => deadMatchProblems(r.label, r.options.matches, tls, 'TLS', host)),
    // the Gateway API tries rules by precedence: its backend checks that the order holds; here only matches that take every request shadow
    ...shadowProblems(httpRoutes, http, table.scope.gatewayApiRoutes?.() ? (a, _, scope) => httpMatchAdmitsAll(a, scope) : httpMatchCovers, 'request'),
    ...shadowProblems(table.tcpEntries.map(r => ({ label: r.label, matches: r.options.matches?.map(renderTcpMatch) })), tcp, tcpMatchCovers, 'connection'),
  ];
}

function destinationProblems(
  owner: IMeshHost, label: string, destinations: RouteDestination[], weighted: boolean, ownPortOptional = false,
): string[] {
  const problems: string[] = [];
  for (const d of destinations) {
    const host = d.host ?? owner;
    const hosts: string[] | undefined = (host as { hosts?: string[] }).hosts;
    if (d.host !== undefined && hosts !== undefined && (hosts.length > 1 || hosts[0].startsWith('*'))) {
      problems.push(`${label}: external service '${host.name}' has ${hosts.length > 1 ? 'several hosts' : 'a wildcard host'} (${listOf(hosts)}), so a route cannot name one destination: declare one ExternalService per host`);
    }
    if (d.version !== undefined && !host.versionNames.includes(d.version)) {
      problems.push(`${label}: version '${d.version}' is not declared on '${host.name}' (declared: ${listOf(host.versionNames)})`);
    }
    if (d.port !== undefined && host.portNumbers.length > 0 && !host.portNumbers.includes(d.port)) {
      problems.push(`${label}: port ${d.port} is not a port of '${host.name}' (ports: ${listOf(host.portNumbers.map(String))})`);
    }
    if (d.port === undefined && host.portNumbers.length > 1 && !(ownPortOptional && host === owner)) {
      // istioctl analyze: IST0112, the destination is ambiguous
      problems.push(`${label}: the destination '${host.name}'${d.version !== undefined ? ` (version '${d.version}')` : ''} names no port, but '${host.name}' has several (${listOf(host.portNumbers.map(String))}): give 'port'`);
    }
  }
  if (weighted && destinations.length > 1) {
    const missing = destinations.filter(d => d.weight === undefined).length;
    const sum = destinations.reduce((s, d) => s + (d.weight ?? 0), 0);
    if (missing > 0) {
      problems.push(`${label}: every destination needs a 'weight' when a route has several (${missing} of ${destinations.length} have none)`);
    } else if (sum !== 100) {
      problems.push(`${label}: destination weights must add up to 100, got ${destinations.map(d => d.weight).join(' + ')} = ${sum}`);
    }
  } else if (weighted && destinations.length === 1 && destinations[0].weight !== undefined && destinations[0].weight !== 100) {
    problems.push(`${label}: a single destination receives all traffic: its 'weight' must be 100 or unset, got ${destinations[0].weight}`);
  }
  return problems;
}

/**
 * Whether Istio's SNI-host check accepts `sni` for a VirtualService host: `sni` must be a subset
 * of the host. The hosts here are never wildcards (service names; an external service with
 * routes has one non-wildcard host), so that means equality.
 */
function hostCovers(host: string, sni: string): boolean {
  return host === sni;
}
