/**
 * Mutual TLS mode of a PeerAuthentication: what a workload accepts from its callers.
 */
export enum MtlsMode {
  /** Only mutual TLS connections are accepted. */
  STRICT = 'STRICT',
  /** Both mutual TLS and plain-text connections are accepted. */
  PERMISSIVE = 'PERMISSIVE',
  /** Mutual TLS is off: only plain-text connections are accepted. */
  DISABLE = 'DISABLE',
  /**
   * The mode of the enclosing scope applies (for a port: its service's, then its namespace's,
   * then the mesh's); mesh-wide, Istio's default, PERMISSIVE.
   */
  UNSET = 'UNSET',
}
