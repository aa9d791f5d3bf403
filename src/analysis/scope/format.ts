/**
 * The proxy scope report as text (a table and the averages) and as JSON.
 */
import { ProxyScope, ScopeAverages, ScopeFigures } from './report';

const HEADERS = ['PROXY', 'KIND', 'SIDECAR', 'SERVICES', 'CLUSTERS', 'ROUTE CONFIGS', 'VIRTUAL HOSTS'];

function pair(without: number | undefined, withScope: number | undefined): string {
  return without === undefined || withScope === undefined ? '-' : `${without} -> ${withScope}`;
}

function round(n: number | undefined): string {
  return n === undefined ? '-' : String(Math.round(n * 100) / 100);
}

/**
 * One line per proxy (each figure without Sidecar resources `->` with them), then the averages.
 */
export function formatScopeText(rows: readonly ProxyScope[], avg: ScopeAverages): string {
  if (rows.length === 0) return 'No proxies: no pod of the manifests runs an Istio proxy.\n';
  const table = rows.map(r => [
    r.proxy, r.kind, r.sidecar ?? '-',
    pair(r.unscoped.services, r.scoped.services),
    pair(r.unscoped.clusters, r.scoped.clusters),
    pair(r.unscoped.routeConfigurations, r.scoped.routeConfigurations),
    pair(r.unscoped.virtualHosts, r.scoped.virtualHosts),
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...table.map(row => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  const figures = (f: ScopeFigures) => `${round(f.services)} services, ${round(f.clusters)} clusters, `
    + `${round(f.routeConfigurations)} route configurations, ${round(f.virtualHosts)} virtual hosts`;
  return [
    line(HEADERS),
    ...table.map(line),
    '',
    `${avg.proxies} ${avg.proxies === 1 ? 'proxy' : 'proxies'} (${avg.sidecars} ${avg.sidecars === 1 ? 'sidecar' : 'sidecars'}, `
      + `${avg.gateways} ${avg.gateways === 1 ? 'gateway' : 'gateways'}); average per proxy (routes per sidecar):`,
    `  without Sidecar resources: ${figures(avg.unscoped)}`,
    `  with Sidecar resources:    ${figures(avg.scoped)}`,
    '',
  ].join('\n');
}

/** `{"proxies":[…],"average":{…}}`. */
export function formatScopeJson(rows: readonly ProxyScope[], avg: ScopeAverages): string {
  return `${JSON.stringify({ proxies: rows, average: avg }, undefined, 2)}\n`;
}
