import type { ProxyOptions } from '../data-plane';
import type { WorkloadResources } from '../workload-resources';
import { ANNOTATION } from './istio-names';
import { OWN_UNITS, resolveResources } from './resources';
import { integerProblem } from './validation';

const CIDR = /^((\d{1,3}\.){3}\d{1,3}\/\d{1,2}|[0-9a-fA-F:]+\/\d{1,3})$/;

/** Value problems of proxy options, each naming its property. */
export function proxyOptionProblems(p: ProxyOptions | undefined): string[] {
  if (!p) {
    return [];
  }
  const ports = (prop: string, list: number[] | undefined) => (list ?? []).map((n, i) => integerProblem(`proxy.${prop}[${i}]`, n, 1, 65535));
  return [
    integerProblem('proxy.concurrency', p.concurrency, 0, 1024),
    ...ports('excludeInboundPorts', p.excludeInboundPorts),
    ...ports('excludeOutboundPorts', p.excludeOutboundPorts),
    ...(p.excludeOutboundIpRanges ?? []).map((r, i) => CIDR.test(r) && cidrOk(r) ? undefined
      : `'proxy.excludeOutboundIpRanges[${i}]' must be a CIDR block like 10.0.0.0/8, got '${r}'`),
    ...resourceProblems(p.resources),
  ].filter((x): x is string => x !== undefined);
}

function cidrOk(r: string): boolean {
  const [addr, bits] = r.split('/');
  if (addr.includes(':')) {
    return Number(bits) <= 128;
  }
  return Number(bits) <= 32 && addr.split('.').every(o => Number(o) <= 255);
}

function resourceProblems(r: WorkloadResources | undefined): string[] {
  return [
    ...resolveResources('proxy.resources', r, OWN_UNITS, false).problems,
    // Istio has pod annotations for the proxy's cpu and memory only
    r?.ephemeralStorage !== undefined
      ? "'proxy.resources.ephemeralStorage' cannot be set: Istio's pod annotations set only the proxy's cpu and memory" : undefined,
  ].filter((p): p is string => p !== undefined);
}

/** The pod annotations that carry proxy options. */
export function proxyAnnotations(p: ProxyOptions | undefined): { [key: string]: string } {
  if (!p) {
    return {};
  }
  const a: { [key: string]: string } = {};
  const r = p.resources;
  const q = resolveResources('proxy.resources', r, OWN_UNITS, false).quantities;
  if (r?.cpu?.request) a[ANNOTATION.proxyCPU] = r.cpu.request.amount;
  if (r?.cpu?.limit) a[ANNOTATION.proxyCPULimit] = r.cpu.limit.amount;
  if (r?.memory?.request) a[ANNOTATION.proxyMemory] = q.requests.memory!;
  if (r?.memory?.limit) a[ANNOTATION.proxyMemoryLimit] = q.limits.memory!;
  if (p.logLevel) a[ANNOTATION.logLevel] = p.logLevel;
  const config: { [key: string]: unknown } = {};
  if (p.concurrency !== undefined) config.concurrency = p.concurrency;
  if (p.holdApplicationUntilProxyStarts !== undefined) config.holdApplicationUntilProxyStarts = p.holdApplicationUntilProxyStarts;
  if (Object.keys(config).length > 0) a[ANNOTATION.proxyConfig] = JSON.stringify(config);
  if (p.excludeInboundPorts?.length) a[ANNOTATION.excludeInboundPorts] = p.excludeInboundPorts.join(',');
  if (p.excludeOutboundPorts?.length) a[ANNOTATION.excludeOutboundPorts] = p.excludeOutboundPorts.join(',');
  if (p.excludeOutboundIpRanges?.length) a[ANNOTATION.excludeOutboundIPRanges] = p.excludeOutboundIpRanges.join(',');
  return a;
}
