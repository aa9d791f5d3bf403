/**
 * The hosts a route table sends traffic to: its routes' destinations and mirrors.
 */
import { RouteTable } from './route-table';
import { IMeshHost } from '../interfaces/mesh-host';
import { RouteDestination } from '../route-destination';

/** A host a route sends to, and the port and version when the route names them. */
export interface RouteTarget {
  readonly host: IMeshHost;
  readonly port?: number;
  readonly version?: string;
}

/** The destinations of one route, its mirror included. */
export function entryDestinations(options: { destinations?: RouteDestination[]; mirror?: { destination: RouteDestination } }): RouteDestination[] {
  return [...options.destinations ?? [], ...options.mirror ? [options.mirror.destination] : []];
}

/** The destinations and mirrors of every route of a table (a destination without host is the table's owner). */
export function routeTargets(table: RouteTable): RouteTarget[] {
  const destinations: RouteDestination[] = [
    ...table.httpEntries.flatMap(e => entryDestinations(e.options)),
    ...table.tcpEntries.flatMap(e => e.options.destinations),
    ...table.tlsEntries.flatMap(e => e.options.destinations),
  ];
  return destinations.map(d => ({ host: d.host ?? table.owner, port: d.port, version: d.version }));
}
