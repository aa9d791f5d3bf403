/**
 * Mutual TLS at every scope: which PeerAuthentication decides what a port of a service accepts
 * (port, then workload, then namespace, then mesh, `UNSET` inheriting), and the client TLS the
 * service's DestinationRule must carry so that its callers agree with it.
 */
import { ClientTls } from '../client-tls';
import { DataPlaneMode } from '../data-plane';
import { MtlsMode } from '../mtls';
import { meshModelOf } from './mesh';
import { containerPort, PortModel, ServiceModel } from './service';

/** The scope whose PeerAuthentication decided a port's mode. */
export enum MtlsScope {
  MESH = 'mesh',
  NAMESPACE = 'namespace',
  WORKLOAD = 'workload',
  PORT = 'port',
}

/** The mode given at each scope (`undefined`: not given); the mesh always has one. */
export interface MtlsSettings {
  readonly mesh: MtlsMode;
  readonly namespace?: MtlsMode;
  readonly workload?: MtlsMode;
  readonly port?: MtlsMode;
}

/** What a port accepts: STRICT, PERMISSIVE or DISABLE (never UNSET), and the scope that decided it. */
export interface EffectiveMtls {
  readonly mode: MtlsMode;
  readonly scope: MtlsScope;
}

/**
 * The mode a port accepts, as istiod composes PeerAuthentications (pilot/pkg/security/authn,
 * ComposePeerAuthentication): the most specific scope that is given and not `UNSET` wins (port,
 * workload, namespace, mesh); a mesh-wide `UNSET` (or none) is Istio's default, PERMISSIVE.
 */
export function resolveMtls(settings: MtlsSettings): EffectiveMtls {
  const chain: Array<[MtlsScope, MtlsMode | undefined]> = [
    [MtlsScope.PORT, settings.port],
    [MtlsScope.WORKLOAD, settings.workload],
    [MtlsScope.NAMESPACE, settings.namespace],
    [MtlsScope.MESH, settings.mesh],
  ];
  for (const [scope, mode] of chain) {
    if (mode !== undefined && mode !== MtlsMode.UNSET) {
      return { mode, scope };
    }
  }
  return { mode: MtlsMode.PERMISSIVE, scope: MtlsScope.MESH };
}

/** The settings that apply to a port of a declared service. */
export function portMtlsSettings(service: ServiceModel, port: PortModel | undefined): MtlsSettings {
  return {
    mesh: service.mesh.mtls,
    namespace: meshModelOf(service.mesh)?.namespaceMtls(service.namespace),
    workload: service.mtls,
    port: port?.mtls,
  };
}

/** Whether the service's pods have sidecars, so that PeerAuthentications apply to them. */
export function hasSidecars(service: ServiceModel): boolean {
  return service.dataPlane.mode !== DataPlaneMode.NONE;
}

/** What a port of a declared service accepts. */
export function portMtls(service: ServiceModel, port: PortModel): EffectiveMtls {
  return resolveMtls(portMtlsSettings(service, port));
}


/**
 * The client TLS the service's DestinationRule gives a port when the user gives none (the
 * fallback of its policy table): ISTIO_MUTUAL for a STRICT port that clients would otherwise
 * reach in plain text. Auto mTLS reaches it when it is on and the namespace-level mode (namespace,
 * then mesh) is not DISABLE: istiod then marks each endpoint for mTLS from its workload's and
 * port's policy (pilot/pkg/xds/endpoints/mtls_checker.go). When the namespace-level mode is
 * DISABLE, istiod builds the cluster without TLS (cluster_tls.go, buildUpstreamTLSSettings), and
 * with auto mTLS off it never adds TLS: in both cases the DestinationRule must carry it.
 */
export function derivedClientTls(service: ServiceModel, port: number): ClientTls | undefined {
  return autoMtlsGap(service, port) === undefined ? undefined : ClientTls.istioMutual();
}

/**
 * Why auto mTLS does not reach a STRICT port of a service (see `derivedClientTls`), or undefined
 * when it does (or the port is not STRICT).
 */
export function autoMtlsGap(service: ServiceModel, port: number): string | undefined {
  const model = service.ports.find(p => p.port === port);
  if (!model || !hasSidecars(service)) {
    // without a sidecar the pods take plain text, and auto mTLS sends it (the endpoint has no tlsMode label)
    return undefined;
  }
  const settings = portMtlsSettings(service, model);
  if (resolveMtls(settings).mode !== MtlsMode.STRICT) {
    return undefined;
  }
  if (!(meshModelOf(service.mesh)?.autoMtls ?? true)) {
    return "the mesh config's 'enableAutoMtls' is false";
  }
  const namespaceLevel = resolveMtls({ mesh: settings.mesh, namespace: settings.namespace });
  return namespaceLevel.mode === MtlsMode.DISABLE
    ? `auto mTLS follows the DISABLE mode of the ${namespaceLevel.scope === MtlsScope.NAMESPACE ? `namespace '${service.namespace}'` : 'mesh'}, not the port's`
    : undefined;
}

/**
 * Problems of the modes of a service: a mode on pods without sidecars, two ports that target one
 * container port with different modes.
 */
export function portMtlsProblems(service: ServiceModel): string[] {
  const problems: string[] = [];
  const given = [...service.mtls !== undefined ? ["'mtls'"] : [], ...service.ports.filter(p => p.mtls !== undefined).map(p => `'mtls' of port ${p.port}`)];
  if (!hasSidecars(service) && given.length > 0) {
    problems.push(`service '${service.name}' has no sidecar (DataPlane.none()), so no PeerAuthentication applies to its pods: drop ${given.join(', ')}, or give it a data plane with sidecars`);
  }
  const seen = new Map<number, PortModel>();
  for (const port of service.ports.filter(p => p.mtls !== undefined)) {
    const first = seen.get(containerPort(port));
    if (first && first.mtls !== port.mtls) {
      problems.push(`ports ${first.port} and ${port.port} of service '${service.name}' both target container port ${containerPort(port)}, whose 'mtls' is one setting of the pods: give them the same mode (got ${first.mtls} and ${port.mtls})`);
    } else if (!first) {
      seen.set(containerPort(port), port);
    }
  }
  return problems;
}
