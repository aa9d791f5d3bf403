import * as kplus from 'cdk8s-plus-27';
import type { ProxyOptions } from '../data-plane';
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

function resourceProblems(r: kplus.ContainerResources | undefined): string[] {
  const problems: string[] = [];
  const cpuReq = r?.cpu?.request?.amount;
  const cpuLim = r?.cpu?.limit?.amount;
  if (cpuReq !== undefined && cpuLim !== undefined && millicores(cpuReq) > millicores(cpuLim)) {
    problems.push(`'proxy.resources.cpu.request' ${cpuReq} must not exceed 'proxy.resources.cpu.limit' ${cpuLim}`);
  }
  const memReq = r?.memory?.request?.toMebibytes();
  const memLim = r?.memory?.limit?.toMebibytes();
  if (memReq !== undefined && memLim !== undefined && memReq > memLim) {
    problems.push(`'proxy.resources.memory.request' ${memReq}Mi must not exceed 'proxy.resources.memory.limit' ${memLim}Mi`);
  }
  return problems;
}

function millicores(amount: string): number {
  return amount.endsWith('m') ? Number(amount.slice(0, -1)) : Number(amount) * 1000;
}

/** The pod annotations that carry proxy options. */
export function proxyAnnotations(p: ProxyOptions | undefined): { [key: string]: string } {
  if (!p) {
    return {};
  }
  const a: { [key: string]: string } = {};
  const r = p.resources;
  if (r?.cpu?.request) a['sidecar.istio.io/proxyCPU'] = r.cpu.request.amount;
  if (r?.cpu?.limit) a['sidecar.istio.io/proxyCPULimit'] = r.cpu.limit.amount;
  if (r?.memory?.request) a['sidecar.istio.io/proxyMemory'] = `${r.memory.request.toMebibytes()}Mi`;
  if (r?.memory?.limit) a['sidecar.istio.io/proxyMemoryLimit'] = `${r.memory.limit.toMebibytes()}Mi`;
  if (p.logLevel) a['sidecar.istio.io/logLevel'] = p.logLevel;
  const config: { [key: string]: unknown } = {};
  if (p.concurrency !== undefined) config.concurrency = p.concurrency;
  if (p.holdApplicationUntilProxyStarts !== undefined) config.holdApplicationUntilProxyStarts = p.holdApplicationUntilProxyStarts;
  if (Object.keys(config).length > 0) a['proxy.istio.io/config'] = JSON.stringify(config);
  if (p.excludeInboundPorts?.length) a['traffic.sidecar.istio.io/excludeInboundPorts'] = p.excludeInboundPorts.join(',');
  if (p.excludeOutboundPorts?.length) a['traffic.sidecar.istio.io/excludeOutboundPorts'] = p.excludeOutboundPorts.join(',');
  if (p.excludeOutboundIpRanges?.length) a['traffic.sidecar.istio.io/excludeOutboundIPRanges'] = p.excludeOutboundIpRanges.join(',');
  return a;
}
