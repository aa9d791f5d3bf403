/**
 * What a sidecar does with outbound traffic to a host its configuration does not know (Istio's
 * `outboundTrafficPolicy`).
 */
export enum OutboundTrafficMode {
  /** Unknown destinations are passed through (Istio's default). */
  ALLOW_ANY = 'ALLOW_ANY',
  /** Only hosts in the registry (Services, ServiceEntries) visible to the sidecar can be reached. */
  REGISTRY_ONLY = 'REGISTRY_ONLY',
}
