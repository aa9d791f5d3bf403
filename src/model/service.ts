/**
 * A declared service as the routing backends and renderers read it: its ports, versions, routes,
 * policies and canary. `MeshService` builds and owns it.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AuthorizationMode } from '../authorization-mode';
import { DataPlane } from '../data-plane';
import { DefaultRouting, DefaultRoutingKind } from '../default-routing';
import { IMesh } from '../interfaces/mesh';
import { IMeshHost } from '../interfaces/mesh-host';
import { MtlsMode } from '../mtls';
import { Protocol } from '../protocol';
import { CanaryModel } from './canary';
import { HandedOffObjects } from './handed-off';
import { PolicyTable } from './policy-table';
import { RouteTable } from './route-table';

/** A port of a service, its name and protocol resolved. */
export interface PortModel {
  readonly port: number;
  readonly name: string;
  readonly protocol: Protocol;
  /** The container port, when it differs from `port` or was given. */
  readonly targetPort?: number;
  /** The port's own mTLS mode (`MeshServicePort.mtls`), if given. */
  readonly mtls?: MtlsMode;
}

/**
 * The container port behind a Service port: its `targetPort`, else the port itself. What
 * istiod matches port-level mTLS against, and what AuthorizationPolicy `ports` name.
 */
export function containerPort(port: { readonly port: number; readonly targetPort?: number }): number {
  return port.targetPort ?? port.port;
}

/** A version of a service: a DestinationRule subset, and the labels of its pods. */
export interface VersionModel {
  readonly name: string;
  /** Labels that select the version's pods: `app` and `version`. */
  readonly selectorLabels: { readonly [key: string]: string };
  /** Labels of the version's subset: `version`. */
  readonly subsetLabels: { readonly [key: string]: string };
  /** The version's Deployment (or the workload it adopted); none with `deploy: false`. */
  readonly workload?: ApiObject;
  /** Whether the workload is one the version adopted (`workload` option) rather than its own Deployment. */
  readonly adopted?: boolean;
}

/** A declared service. */
export interface ServiceModel {
  /** The service construct: the scope of its objects, and the host its own routes send to. */
  readonly host: IMeshHost & Construct;
  /** The mesh the service belongs to. */
  readonly mesh: IMesh;
  readonly name: string;
  readonly namespace: string;
  /** `<name>.<namespace>.svc.<clusterDomain>`. */
  readonly fqdn: string;
  readonly ports: readonly PortModel[];
  /** The versions, in declaration order (grows as versions are added). */
  readonly versions: readonly VersionModel[];
  /** The version that receives traffic no route sends elsewhere (with `DefaultRouting.version`). */
  readonly defaultVersion: string | undefined;
  /**
   * Where traffic no route sends elsewhere goes: as declared, else the first version; none
   * before a version is declared.
   */
  readonly defaultRouting: DefaultRouting | undefined;
  /** The names of the objects the service's routing emits. */
  readonly objectNames: ServiceObjectNames;
  readonly exportTo?: string[];
  /** The mTLS mode of the service's pods (`MeshServiceOptions.mtls`), if given. */
  readonly mtls?: MtlsMode;
  /** The data plane of the service's pods (`DataPlane.none()`: no sidecar, no mutual TLS). */
  readonly dataPlane: DataPlane;
  readonly routes: RouteTable;
  readonly policies: PolicyTable;
  /** The active canary, if any. */
  readonly canary: CanaryModel | undefined;
  /** The ServiceAccount the service's pods run as. */
  readonly serviceAccountName: string;
  /** The labels every pod of the service has (`app`): what the Service, and the service's policies, select. */
  readonly podSelector: { readonly [key: string]: string };
  /** The service's own security settings. */
  readonly security: ServiceSecurity;
  /** The Namespace object of the service's namespace (its objects depend on it), if the app owns it. */
  readonly namespaceObject: ApiObject | undefined;
  /** The objects a progressive-delivery controller took over (a canary handed off to it), if any. */
  readonly handedOff: HandedOffObjects | undefined;
  /**
   * Leaves `objects` to a progressive-delivery controller: the service stops emitting them (those
   * already written are removed from the app, versions added later emit no Deployment), and
   * callers' scoped sidecars import the controller's hosts. Once per service.
   */
  handOver(objects: HandedOffObjects): void;
}

/** The security settings a service gave (each unset: its namespace's, then the mesh's). */
export interface ServiceSecurity {
  readonly authorization?: AuthorizationMode;
  readonly sidecarScoping?: boolean;
}

/** The names of a service's routing objects (each defaults to the service name). */
export interface ServiceObjectNames {
  readonly virtualService: string;
  readonly destinationRule: string;
  /** The HTTPRoute's name, or the prefix of `<name>-<port>` when the service has several HTTP ports. */
  readonly httpRoute: string;
}

/** A destination of the default route: a version (none: the host, every version) and its weight (none: all). */
export interface DefaultDestination {
  readonly version?: string;
  readonly weight?: number;
}

/** The destinations of a service's default route; undefined when it has none (no version, or `DefaultRouting.none()`). */
export function defaultDestinations(service: ServiceModel): DefaultDestination[] | undefined {
  const routing = service.defaultRouting;
  switch (routing?.kind) {
    case DefaultRoutingKind.VERSION:
      return [{ version: routing.weights[0].version }];
    case DefaultRoutingKind.ALL_VERSIONS:
      return [{}];
    case DefaultRoutingKind.WEIGHTED:
      return routing.weights.map(w => ({ version: w.version, weight: w.weight }));
    default:
      return undefined;
  }
}

/** Whether the service emits mesh routing objects (a VirtualService, or HTTPRoutes): all but `DefaultRouting.none()`. */
export function routesInMesh(service: ServiceModel): boolean {
  return service.defaultRouting?.kind !== DefaultRoutingKind.NONE;
}

const SERVICES = new WeakMap<object, ServiceModel>();

/** Records the model of a service construct (done once, by `MeshService`). */
export function registerServiceModel(service: ServiceModel): void {
  SERVICES.set(service.host, service);
}

/** The model of a host, when the host is a declared service of a mesh. */
export function serviceModelOf(host: object): ServiceModel | undefined {
  return SERVICES.get(host);
}
