/**
 * A gateway's route groups: one per set of hosts (and namespace), found or created when a route
 * is added, named after the hosts unless `virtualServiceName` says otherwise, and removed again
 * when the route that created it fails.
 */
import { Construct } from 'constructs';
import { namespaceUnlessInstalled } from './installed';
import { derivedVirtualServiceName, GatewayRouteGroup, hostSetKey, routeHostsProblems, routeServingProblems } from './routes';
import { namedServers } from './server-shape';
import { GatewayRouteBinding } from '../../gateway-route';
import { GatewayServer } from '../../gateway-server';
import { IMesh } from '../../interfaces/mesh';
import { GatewayRouting } from '../../model/gateway';
import { Route } from '../../route';
import { arrayOf, checkTypes, optional, shape, str } from '../props';
import { dnsLabelProblem, dnsSubdomainProblem, listOf, throwIfProblems } from '../validation';

/** The gateway whose route groups these are. */
export interface RouteGroupOwner {
  readonly scope: Construct;
  readonly mesh: IMesh;
  readonly name: string;
  readonly namespace: string;
  /** The groups by host set (`hostSetKey`). */
  readonly groups: Map<string, GatewayRouteGroup>;
  readonly servers: readonly GatewayServer[];
  readonly routing: GatewayRouting;
  /** The installed gateway it configures, if any (its namespace is not the app's to add). */
  readonly installed?: { readonly namespace: string };
  /** How a VirtualService in `namespace` names the gateway. */
  referenceFrom(namespace: string): string;
}

const BINDING = shape({ hosts: optional(arrayOf(str)), virtualServiceName: optional(str), namespace: optional(str) });

/** Finds or creates the route group of a host set, runs `add`, and removes a group a failed `add` created. */
export function withRouteGroup(
  owner: RouteGroupOwner, binding: GatewayRouteBinding, problems: string[], add: (group: GatewayRouteGroup) => Route,
): Route {
  const scope = owner.scope;
  checkTypes(scope, binding, BINDING, '', 'options');
  const namespace = binding.namespace ?? owner.namespace;
  const hosts = binding.hosts ?? [];
  throwIfProblems(scope, [
    dnsLabelProblem('namespace', namespace),
    binding.virtualServiceName !== undefined ? dnsSubdomainProblem('virtualServiceName', binding.virtualServiceName) : undefined,
    ...routeHostsProblems(hosts),
    ...problems,
  ]);
  const key = hostSetKey(namespace, hosts);
  const existing = owner.groups.get(key);
  const name = binding.virtualServiceName ?? existing?.name ?? derivedVirtualServiceName(owner.name, hosts);
  const clash = [...owner.groups.values()].find(g => g !== existing && g.name === name && g.namespace === namespace);
  throwIfProblems(scope, [
    existing && existing.name !== name
      ? `hosts ${listOf(hosts)} already have the VirtualService '${existing.name}': routes of one set of hosts share one VirtualService` : undefined,
    clash ? `VirtualService '${name}' already routes other hosts (${listOf(clash.routeHosts)}): give these hosts another 'virtualServiceName'` : undefined,
  ]);
  const group = existing ?? new GatewayRouteGroup(scope, namespace === owner.namespace ? `Routes-${name}` : `Routes-${name}.${namespace}`, {
    name,
    namespace,
    hosts,
    gatewayRef: owner.referenceFrom(namespace),
    problems: g => routeServingProblems(g, namedServers(owner.servers), owner.name, owner.namespace),
    precedenceOrdered: owner.routing.precedenceOrdered,
    routing: g => owner.routing.groupRouting(g),
  });
  try {
    const route = add(group);
    if (!existing) {
      owner.groups.set(key, group);
      const namespaceObject = namespaceUnlessInstalled(owner.mesh, namespace, owner.installed);
      if (namespaceObject) {
        group.virtualService?.addDependency(namespaceObject);
      }
    }
    owner.routing.groupChanged(group);
    return route;
  } catch (e) {
    if (!existing) {
      scope.node.tryRemoveChild(group.node.id);
    }
    const where = `[${scope.node.path}] ${owner.routing.routesNoun} '${name}': `;
    throw new Error((e as Error).message.split('\n').map(l => where + l).join('\n'));
  }
}
