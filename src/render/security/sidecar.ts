/**
 * Sidecar scoping: a service's Sidecar imports exactly the hosts it calls (and the hosts their
 * routes send to), plus the root namespace; a namespace's default Sidecar imports its own
 * namespace and the root namespace; either may restrict outbound traffic to the registry.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Sidecar, SidecarSpecOutboundTrafficPolicyMode } from '../../imports/networking.istio.io';
import { IMeshHost } from '../../interfaces/mesh-host';
import { hostNamesOf, routeTableOf } from '../../model/host-names';
import { MeshModel } from '../../model/mesh';
import { routeTargets } from '../../model/route-targets';
import { ServiceModel } from '../../model/service';
import { OutboundTrafficMode } from '../../outbound-traffic';
import { lazy } from '../../private/lazy';

/**
 * The service's Sidecar (named as the service, selecting its pods) when its sidecars are scoped, or
 * when it opts out of its namespace's scoping (the namespace's default Sidecar would scope it:
 * it imports everything instead).
 */
export function serviceSidecar(service: ServiceModel, meshModel: MeshModel): ApiObject | undefined {
  const security = meshModel.security;
  const scoped = security.sidecarScoping(service.namespace, service.security.sidecarScoping);
  if (!scoped && !security.sidecarScoping(service.namespace)) {
    return undefined;
  }
  const sidecar = new Sidecar(service.host, 'Sidecar', {
    metadata: { name: service.name, namespace: service.namespace },
    spec: {
      workloadSelector: { labels: { ...service.podSelector } },
      egress: [{ hosts: scoped ? lazy(() => serviceEgressHosts(service, meshModel)) : ['*/*'] }],
      outboundTrafficPolicy: outboundPolicy(security.outboundTraffic(service.namespace)),
    },
  });
  if (service.namespaceObject) {
    sidecar.addDependency(service.namespaceObject);
  }
  return sidecar;
}

/**
 * What a service's sidecars import: every host it calls, every host those hosts' own routes send to
 * (a caller's sidecar resolves the callee's VirtualService, so it needs its destinations too), and
 * the root namespace. As `namespace/host`, sorted.
 */
export function serviceEgressHosts(service: ServiceModel, meshModel: MeshModel): string[] {
  const hosts = new Set<string>([`${service.mesh.rootNamespace}/*`]);
  const add = (host: IMeshHost) => {
    for (const name of hostNamesOf(host)) hosts.add(`${host.namespace}/${name}`);
  };
  for (const call of meshModel.callGraph.callsFrom(service.host)) {
    add(call.callee);
    const table = routeTableOf(call.callee);
    for (const target of table ? routeTargets(table) : []) add(target.host);
  }
  // a host of the root namespace is already imported by `<root>/*`
  return [...hosts].filter(h => !h.startsWith(`${service.mesh.rootNamespace}/`) || h.endsWith('/*')).sort();
}

/**
 * A namespace's default Sidecar (`default`, no selector): scoped to its own namespace and the root
 * namespace, or importing everything, with the outbound traffic mode if one is set.
 */
export function defaultSidecar(scope: Construct, id: string, namespace: string, scoped: boolean, rootNamespace: string,
  outbound: OutboundTrafficMode | undefined): ApiObject {
  return new Sidecar(scope, id, {
    metadata: { name: 'default', namespace },
    spec: {
      egress: [{ hosts: scoped ? ['./*', `${rootNamespace}/*`] : ['*/*'] }],
      outboundTrafficPolicy: outboundPolicy(outbound),
    },
  });
}

function outboundPolicy(mode: OutboundTrafficMode | undefined): { mode: SidecarSpecOutboundTrafficPolicyMode } | undefined {
  return mode === undefined ? undefined : { mode: mode as string as SidecarSpecOutboundTrafficPolicyMode };
}
