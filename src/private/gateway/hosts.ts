/**
 * Host names of gateway servers (`[namespace/]dnsName`) and of the VirtualServices bound to them,
 * checked and compared the way Istio does.
 */
import { isDnsLabel } from '../validation';

/** A DNS name, `*`, or a DNS name with a leading `*.` wildcard (Istio's `ValidateWildcardDomain`). */
export function wildcardDomainProblem(prop: string, host: string): string | undefined {
  if (host === '*') {
    return undefined;
  }
  const name = host.startsWith('*.') ? host.slice(2) : host;
  if (name.length === 0 || host.length > 253 || !name.split('.').every(isDnsLabel)) {
    return `'${prop}' must be '*', a DNS name or a DNS name after a leading '*.' (lowercase letters, digits, '-' and '.'), got '${host}'`;
  }
  return undefined;
}

/** A server host: `dnsName` or `namespace/dnsName`, the namespace being `*`, `.` or a DNS-1123 label. */
export function serverHostProblem(prop: string, host: string): string | undefined {
  const slash = host.indexOf('/');
  if (slash < 0) {
    return wildcardDomainProblem(prop, host);
  }
  const ns = host.slice(0, slash);
  const name = host.slice(slash + 1);
  if (ns !== '*' && ns !== '.' && !isDnsLabel(ns)) {
    return `'${prop}' must be '[namespace/]host' with a namespace of '*', '.' or a DNS-1123 label, got '${host}'`;
  }
  return wildcardDomainProblem(prop, name);
}

/** Splits a server host into the namespace part (undefined when absent) and the host name. */
export function parseServerHost(host: string): { namespace?: string; name: string } {
  const slash = host.indexOf('/');
  return slash < 0 ? { name: host } : { namespace: host.slice(0, slash), name: host.slice(slash + 1) };
}

/** Whether `pattern` (`*`, `*.example.com` or a name) covers `host` (which may itself be a wildcard). */
export function hostCovers(pattern: string, host: string): boolean {
  if (pattern === '*' || pattern === host) {
    return true;
  }
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1);
    return host !== '*' && host.endsWith(suffix) && host.length > suffix.length;
  }
  return false;
}

/** Whether two hosts have a name in common (one covers the other): Istio binds on the intersection. */
export function hostsIntersect(a: string, b: string): boolean {
  return hostCovers(a, b) || hostCovers(b, a);
}

/**
 * Whether a server host admits a VirtualService host of a VirtualService in `routeNamespace`:
 * the namespace part must allow the namespace (`*` or absent: any, `.`: the gateway's own), and
 * the names must intersect.
 */
export function serverHostAdmits(serverHost: string, routeNamespace: string, gatewayNamespace: string, routeHost: string): boolean {
  const { namespace, name } = parseServerHost(serverHost);
  const nsOk = namespace === undefined || namespace === '*'
    || (namespace === '.' ? routeNamespace === gatewayNamespace : namespace === routeNamespace);
  return nsOk && hostsIntersect(name, routeHost);
}
