import { isIP } from 'net';
import { ServiceEntryResolution } from '../external-service-options';
import { dnsSubdomainProblem } from './validation';

/** A ServiceEntry host: a DNS name, optionally with a leading `*.` wildcard; not `*` alone. */
export function hostProblem(prop: string, host: string): string | undefined {
  if (host === '*') {
    return `'${prop}' must not be '*' alone: name the external hosts`;
  }
  if (dnsSubdomainProblem(prop, host.replace(/^\*\./, 'wildcard.')) !== undefined) {
    return `'${prop}' must be a DNS name (lowercase DNS-1123 subdomain), optionally starting with '*.', got '${host}'`;
  }
  return undefined;
}

/** A ServiceEntry address: an IP address or a CIDR block. */
export function addressProblem(prop: string, address: string): string | undefined {
  const [ip, prefix, ...rest] = address.split('/');
  const version = isIP(ip);
  const maxPrefix = version === 6 ? 128 : 32;
  const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= maxPrefix);
  if (version === 0 || !prefixOk || rest.length > 0) {
    return `'${prop}' must be an IP address or a CIDR block, got '${address}'`;
  }
  return undefined;
}

/**
 * What an endpoint address may be: IPs or unix sockets for STATIC resolution, IPs or DNS names for DNS.
 * `resolutionIs` says which resolution applies and how it was chosen (`'resolution' is DNS`).
 */
export function endpointAddressProblem(prop: string, address: string, resolution: ServiceEntryResolution, resolutionIs: string): string | undefined {
  if (address.startsWith('unix://')) {
    const path = address.slice('unix://'.length);
    if (resolution !== ServiceEntryResolution.STATIC) {
      return `'${prop}' is a unix socket, which needs STATIC resolution, but ${resolutionIs}`;
    }
    if (!(path.startsWith('/') || path.startsWith('@')) || path.length < 2 || path.endsWith('/')) {
      return `'${prop}' must be an absolute socket path ('unix:///path') or an abstract socket ('unix://@name'), got '${address}'`;
    }
    return undefined;
  }
  if (isIP(address) !== 0) {
    return undefined;
  }
  if (resolution === ServiceEntryResolution.STATIC) {
    return `'${prop}' must be an IP address or a unix:// socket with STATIC resolution, got '${address}'`;
  }
  if (dnsSubdomainProblem(prop, address) !== undefined) {
    return `'${prop}' must be an IP address or a DNS name, got '${address}'`;
  }
  return undefined;
}
