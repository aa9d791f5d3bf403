/**
 * The mesh's security settings at each scope (mesh, namespace, service) and how they resolve:
 * the nearest scope that says something wins.
 */
import { AuthorizationMode } from '../authorization-mode';
import { OutboundTrafficMode } from '../outbound-traffic';

/** Security settings a scope may give (each unset: the enclosing scope's). */
export interface SecuritySettings {
  readonly authorization?: AuthorizationMode;
  readonly sidecarScoping?: boolean;
  readonly outboundTraffic?: OutboundTrafficMode;
}

export class SecurityModel {
  private readonly namespaces = new Map<string, SecuritySettings>();

  public constructor(
    /** The mesh-wide settings. */
    public readonly mesh: SecuritySettings,
    /** Whether the app owns the root namespace (mesh-wide objects live there). */
    public readonly meshWide: boolean,
  ) {}

  /** Records a namespace's own settings (when the namespace is first added). */
  public setNamespace(name: string, settings: SecuritySettings): void {
    this.namespaces.set(name, settings);
  }

  /** A namespace's own settings (empty when it gave none). */
  public namespaceSettings(name: string): SecuritySettings {
    return this.namespaces.get(name) ?? {};
  }

  /** The authorization mode of a namespace's workloads. */
  public namespaceAuthorization(namespace: string): AuthorizationMode {
    return this.namespaceSettings(namespace).authorization ?? this.mesh.authorization ?? AuthorizationMode.OPEN;
  }

  /** The authorization mode of a service's pods. */
  public serviceAuthorization(namespace: string, own: AuthorizationMode | undefined): AuthorizationMode {
    return own ?? this.namespaceAuthorization(namespace);
  }

  /** Whether the sidecars of a service (or, without `own`, of a namespace's workloads) are scoped. */
  public sidecarScoping(namespace: string, own?: boolean): boolean {
    return own ?? this.namespaceSettings(namespace).sidecarScoping ?? this.mesh.sidecarScoping ?? false;
  }

  /** The outbound traffic mode of a namespace's sidecars, if any scope sets one. */
  public outboundTraffic(namespace: string): OutboundTrafficMode | undefined {
    return this.namespaceSettings(namespace).outboundTraffic ?? this.mesh.outboundTraffic;
  }
}
