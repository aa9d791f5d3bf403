/**
 * The PeerAuthentications of each mTLS scope: mesh-wide (`default` in the root namespace),
 * namespace-wide (`default` in the namespace) and workload (selecting a service's pods, with its
 * ports' modes keyed by container port).
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  PeerAuthentication,
  PeerAuthenticationSpecMtlsMode,
  PeerAuthenticationSpecPortLevelMtls,
  PeerAuthenticationSpecPortLevelMtlsMode,
} from '../../imports/security.istio.io';
import { containerPort, ServiceModel } from '../../model/service';
import { MtlsMode } from '../../mtls';

/** The name of the mesh-wide and namespace-wide PeerAuthentications (Istio's convention). */
export const SCOPE_WIDE_NAME = 'default';

/**
 * A selector-less PeerAuthentication `default` in `namespace`: mesh-wide in the root namespace,
 * namespace-wide elsewhere. It depends on `dependencies` (its Namespace, the CRDs).
 */
export function scopePeerAuthentication(scope: Construct, id: string, namespace: string, mode: MtlsMode, dependencies: ApiObject[]): ApiObject {
  const object = new PeerAuthentication(scope, id, {
    metadata: { name: SCOPE_WIDE_NAME, namespace },
    spec: { mtls: { mode: mode as string as PeerAuthenticationSpecMtlsMode } },
  });
  for (const dependency of dependencies) {
    object.addDependency(dependency);
  }
  return object;
}

/**
 * The name of a service's workload PeerAuthentication: the service's, except for a service named
 * `default`, whose name the namespace-wide one holds: `default.workload` (a dot, so that no
 * service name, a DNS-1035 label, can take it).
 */
export function workloadPeerAuthenticationName(service: string): string {
  return service === SCOPE_WIDE_NAME ? `${SCOPE_WIDE_NAME}.workload` : service;
}

/**
 * The workload PeerAuthentication of a service, when it or one of its ports gives a mode: it
 * selects the service's pods, and keys each port's mode by the container port (istiod matches
 * port-level mTLS against the endpoint's port, not the Service's).
 */
export function workloadPeerAuthentication(service: ServiceModel): ApiObject | undefined {
  const ports = service.ports.filter(p => p.mtls !== undefined);
  if (service.mtls === undefined && ports.length === 0) {
    return undefined;
  }
  const portLevelMtls: { [port: string]: PeerAuthenticationSpecPortLevelMtls } = {};
  for (const port of [...ports].sort((a, b) => containerPort(a) - containerPort(b))) {
    portLevelMtls[String(containerPort(port))] = { mode: port.mtls as string as PeerAuthenticationSpecPortLevelMtlsMode };
  }
  const object = new PeerAuthentication(service.host, 'PeerAuthentication', {
    metadata: { name: workloadPeerAuthenticationName(service.name), namespace: service.namespace },
    spec: {
      selector: { matchLabels: { ...service.podSelector } },
      mtls: service.mtls === undefined ? undefined : { mode: service.mtls as string as PeerAuthenticationSpecMtlsMode },
      portLevelMtls: ports.length > 0 ? portLevelMtls : undefined,
    },
  });
  if (service.namespaceObject) object.addDependency(service.namespaceObject);
  return object;
}
