/**
 * The hosts a route table sends traffic to: its routes' destinations and mirrors.
 */
import { RouteTable } from './route-table';
import { IMeshHost } from '../interfaces/mesh-host';
import { RouteDestination } from '../route-destination';

/** A host a route sends to, and the port when the route names one. */
export interface RouteTarget {
  readonly host: IMeshHost;
  readonly port?: number;
}

/** The destinations and mirrors of every route of a table (a destination without host is the table's owner). */
export function routeTargets(table: RouteTable): RouteTarget[] {
  const destinations: RouteDestination[] = [
    ...table.httpEntries.flatMap(e => [...e.options.destinations ?? [], ...e.options.mirror ? [e.options.mirror.destination] : []]),
    ...table.tcpEntries.flatMap(e => e.options.destinations),
    ...table.tlsEntries.flatMap(e => e.options.destinations),
  ];
  return destinations.map(d => ({ host: d.host ?? table.owner, port: d.port }));
}
