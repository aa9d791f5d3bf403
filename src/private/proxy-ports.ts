/**
 * What Istio's proxy reserves in every pod it joins ("Ports used by Istio" in Istio's
 * deployment requirements, the container names of its injector, and the proxy's user).
 */

/** The proxy's container (a sidecar, or a gateway's only container). */
export const PROXY_CONTAINER = 'istio-proxy';

/** The user and group the proxy runs as: iptables lets their traffic bypass the proxy. */
export const PROXY_UID = 1337;

/** Ports the sidecar (Envoy and pilot-agent) listens on or captures traffic with, and what for. */
export const PROXY_PORTS: ReadonlyMap<number, string> = new Map([
  [15000, "Envoy's admin port"],
  [15001, "Envoy's outbound capture port"],
  [15004, "the proxy's debug port"],
  [15006, "Envoy's inbound capture port"],
  [15008, 'the HBONE mTLS tunnel port'],
  [15009, 'the HBONE port for secure networks'],
  [15020, "the proxy's merged Prometheus telemetry port"],
  [15021, "the proxy's health check port"],
  [15053, "the proxy's DNS capture port"],
  [15090, "Envoy's Prometheus telemetry port"],
]);

/** The proxy's ports, ascending. */
export const RESERVED_PORTS: number[] = [...PROXY_PORTS.keys()];

/** For messages: what a proxy port is for, and every port the proxy takes (`Envoy's admin port; reserved: 15000, 15001, …`). */
export function reservedPortUse(port: number): string {
  return `${PROXY_PORTS.get(port)}; reserved: ${RESERVED_PORTS.join(', ')}`;
}

/** Container names Istio's injector gives its own containers: an application container must not take them. */
export const INJECTED_CONTAINER_NAMES = [PROXY_CONTAINER, 'istio-init', 'istio-validation', 'enable-core-dump'];
