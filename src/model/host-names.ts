/**
 * The names a sidecar must know a host by (a Sidecar egress host each), and the routes a host's
 * own VirtualService has: what scoping a caller to a host must import.
 */
import { RouteTable } from './route-table';
import { IMeshHost } from '../interfaces/mesh-host';

const NAMES = new WeakMap<object, () => string[]>();
const TABLES = new WeakMap<object, RouteTable>();

/** Records the host names of a host with several (an ExternalService's `hosts`). */
export function registerHostNames(host: IMeshHost, names: () => string[]): void {
  NAMES.set(host, names);
}

/** The fully qualified names of a host: its registered names, else how another namespace names it. */
export function hostNamesOf(host: IMeshHost): string[] {
  // no namespace is named '': hostFrom('') is the name from outside the host's namespace
  return NAMES.get(host)?.() ?? [host.hostFrom('')];
}

/** Records a host's own route table (done by MeshHost). */
export function registerRouteTable(host: IMeshHost, table: RouteTable): void {
  TABLES.set(host, table);
}

/** The route table of a host, if it has one. */
export function routeTableOf(host: IMeshHost): RouteTable | undefined {
  return TABLES.get(host);
}
