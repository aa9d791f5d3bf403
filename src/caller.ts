import { IMeshGateway } from './interfaces/gateway';
import { IMeshHost } from './interfaces/mesh-host';

/**
 * What a call may be narrowed to: ports, HTTP methods and paths. Each list, when given, must
 * match; an empty narrowing allows every request of the caller.
 */
export interface CallOptions {
  /** Ports of the callee's Service the call may use. @default - every port */
  readonly ports?: number[];
  /** HTTP methods (e.g. `GET`), for HTTP ports. @default - every method */
  readonly methods?: string[];
  /**
   * HTTP paths, in AuthorizationPolicy's syntax: exact (`/api/v1`), prefix (`/api/*`), suffix
   * (`*.png`) or `*`.
   *
   * @default - every path
   */
  readonly paths?: string[];
}

/** Kinds of `Caller`. */
export enum CallerKind {
  /** A service of the mesh, or a service declared elsewhere (by its ServiceAccount). */
  SERVICE = 'SERVICE',
  /** A gateway of the mesh. */
  GATEWAY = 'GATEWAY',
  /** Every workload of a namespace. */
  NAMESPACE = 'NAMESPACE',
  /** A workload identity (ServiceAccount) of the mesh. */
  SERVICE_ACCOUNT = 'SERVICE_ACCOUNT',
  /** A peer principal as Istio writes it (`<trust domain>/ns/<namespace>/sa/<account>`), e.g. of another trust domain. */
  PRINCIPAL = 'PRINCIPAL',
  /** An end user: a request principal (`<issuer>/<subject>`) of a validated JWT. */
  REQUEST_PRINCIPAL = 'REQUEST_PRINCIPAL',
}

/**
 * Who may call a service: a workload identity, a namespace, or an end user. Use the static
 * factories.
 *
 * ```ts
 * reviews.allowCallsFrom(Caller.namespace('monitoring'), { paths: ['/metrics'] });
 * reviews.allowCallsFrom(Caller.serviceAccount('batch', 'report-generator'), { methods: ['GET'] });
 * reviews.allowCallsFrom(Caller.gateway(gateway));
 * ```
 */
export class Caller {
  /**
   * A service: a `MeshService` (its ServiceAccount) or a `ServiceReference` to a service declared
   * elsewhere (its `serviceAccountName` must be given).
   */
  public static service(service: IMeshHost): Caller {
    return new Caller(CallerKind.SERVICE, service.node.path, { host: service });
  }

  /** A gateway of the mesh: its pods' identity. */
  public static gateway(gateway: IMeshGateway): Caller {
    return new Caller(CallerKind.GATEWAY, gateway.node.path, { gateway });
  }

  /** Every workload of a namespace (any ServiceAccount there). */
  public static namespace(name: string): Caller {
    return new Caller(CallerKind.NAMESPACE, name, {});
  }

  /** The workloads that run as a ServiceAccount, in the mesh's trust domain. */
  public static serviceAccount(namespace: string, name: string): Caller {
    return new Caller(CallerKind.SERVICE_ACCOUNT, `${namespace}/${name}`, {});
  }

  /** A peer principal as Istio writes it (`<trust domain>/ns/<namespace>/sa/<account>`; `*` as prefix or suffix). */
  public static principal(principal: string): Caller {
    return new Caller(CallerKind.PRINCIPAL, principal, {});
  }

  /** An end user: the request principal (`<issuer>/<subject>`; `*` as prefix or suffix) of a JWT the service validates. */
  public static requestPrincipal(principal: string): Caller {
    return new Caller(CallerKind.REQUEST_PRINCIPAL, principal, {});
  }

  /** @internal */
  public readonly _host?: IMeshHost;
  /** @internal */
  public readonly _gateway?: IMeshGateway;

  private constructor(
    /** The kind of caller. */
    public readonly kind: CallerKind,
    /** The caller as given: a construct path, a namespace, `namespace/account` or a principal. */
    public readonly value: string,
    refs: { host?: IMeshHost; gateway?: IMeshGateway },
  ) {
    this._host = refs.host;
    this._gateway = refs.gateway;
  }
}
