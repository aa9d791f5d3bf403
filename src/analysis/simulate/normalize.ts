/**
 * A request as the proxies see it (request.ts): defaults filled in, the host completed in the
 * client's namespace, the query split from the path, header names lowercased, and the client's
 * labels, namespace, service account and identity read from the workload the request names.
 */
import { NormalizedRequest, NormalizedSource } from './request';
import { RequestSource, SimulatedRequest } from './types';
import { SimWorld } from './world';
import { isShortName, toFqdn } from '../hosts';
import { Labels, stringMap } from '../labels';
import { Obj, templateOf } from '../objects';
import { Pod } from '../pods';

/** The kinds a request's `source.workload` may name. */
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Pod', 'argoproj.io/Rollout', 'ReplicaSet', 'Job', 'CronJob'];

/** `namespace/name`, or `name` in `namespace`. */
export function splitName(value: string, namespace: string): { namespace: string; name: string } {
  const slash = value.indexOf('/');
  return slash < 0 ? { namespace, name: value } : { namespace: value.slice(0, slash), name: value.slice(slash + 1) };
}

/** The client of a request as the manifests describe it. */
function normalizeSource(world: SimWorld, source: RequestSource | undefined, caveats: string[]): NormalizedSource {
  let namespace = source?.namespace ?? 'default';
  let labels: Labels = source?.labels ?? {};
  let serviceAccount = source?.serviceAccount ?? 'default';
  let sidecar: boolean | undefined;
  let workload: string | undefined;
  if (source?.workload !== undefined) {
    const ref = splitName(source.workload, namespace);
    workload = `${ref.namespace}/${ref.name}`;
    const found = findWorkload(world, ref.namespace, ref.name);
    if (!found) {
      caveats.push(`the manifests hold no workload ${workload} (Deployment, StatefulSet, DaemonSet, Pod, Rollout …): the source has only the labels, namespace and service account the request gives`);
    } else {
      namespace = source.namespace ?? ref.namespace;
      labels = source.labels ?? found.labels;
      serviceAccount = source.serviceAccount ?? found.serviceAccount;
      sidecar = found.sidecar;
    }
  }
  let principal: string | null;
  if (source?.principal !== undefined) principal = source.principal === '' ? null : source.principal;
  else if (sidecar === false) principal = null;
  else principal = `${world.trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
  return {
    workload,
    namespace,
    labels,
    serviceAccount,
    principal,
    requestPrincipal: source?.requestPrincipal ?? null,
    ip: source?.ip,
    sidecar,
  };
}

/** A workload's pod labels, service account and whether its pods run Istio's proxy (or are in ambient mode). */
function findWorkload(world: SimWorld, namespace: string, name: string): { labels: Labels; serviceAccount: string; sidecar: boolean } | undefined {
  for (const kind of WORKLOAD_KINDS) {
    const obj = world.model.find(kind, namespace, name);
    if (!obj) continue;
    const pod: Pod | undefined = world.model.pods.find(p => p.obj === obj);
    if (pod) return { labels: pod.labels, serviceAccount: accountOf(pod.podSpec), sidecar: pod.injected || pod.ambient };
    const template = templateOf(obj) ?? rolloutTemplate(obj);
    if (template) return { labels: stringMap(template.metadata?.labels), serviceAccount: accountOf(template.spec), sidecar: true };
  }
  return undefined;
}

function rolloutTemplate(obj: Obj): { metadata: any; spec: any } | undefined {
  const t = obj.spec.template;
  return t !== null && typeof t === 'object' ? { metadata: t.metadata ?? {}, spec: t.spec ?? {} } : undefined;
}

function accountOf(podSpec: any): string {
  return podSpec?.serviceAccountName || podSpec?.serviceAccount || 'default';
}

/** Splits `a=1&b=2` (percent-decoding is left to the matchers: Envoy matches the raw values). */
function parseQuery(query: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    // the first occurrence of a parameter is the one Envoy matches
    if (!(key in out)) out[key] = eq < 0 ? '' : part.slice(eq + 1);
  }
  return out;
}

/**
 * A Kubernetes Service's FQDN for `name.namespace` and `name.namespace.svc`, the other domains of
 * its virtual host in every sidecar; any other host as written.
 */
function serviceDomain(world: SimWorld, namespace: string, host: string): string {
  const labels = host.split('.');
  if (labels.length !== 2 && !(labels.length === 3 && labels[2] === 'svc')) return host;
  const fqdn = `${labels[0]}.${labels[1]}.svc.${world.domain}`;
  return world.model.lookupHost(namespace, undefined, fqdn)?.obj.kind === 'Service' ? fqdn : host;
}

/** The request with every default filled in (see request.ts). */
export function normalizeRequest(world: SimWorld, request: SimulatedRequest): NormalizedRequest {
  const caveats: string[] = [];
  const source = normalizeSource(world, request.source, caveats);
  const written = request.host.trim();
  const colon = written.lastIndexOf(':');
  const hostPort = colon > 0 && /^\d+$/.test(written.slice(colon + 1)) ? Number(written.slice(colon + 1)) : undefined;
  const bare = (hostPort === undefined ? written : written.slice(0, colon)).toLowerCase();
  const gateway = request.gateway === undefined ? undefined : splitName(request.gateway, source.namespace);
  const host = gateway ? bare : isShortName(bare) ? toFqdn(bare, source.namespace, world.domain) : serviceDomain(world, source.namespace, bare);
  const scheme = (request.scheme ?? 'http').toLowerCase();
  let port = request.port ?? hostPort;
  if (port === undefined && !gateway) {
    const ports = world.model.lookupHost(source.namespace, undefined, host)?.ports ?? [];
    if (ports.length === 1) port = ports[0].number;
  }
  port = port ?? (scheme === 'https' ? 443 : 80);
  const rawPath = request.path ?? '/';
  const q = rawPath.indexOf('?');
  const path = q < 0 ? rawPath : rawPath.slice(0, q);
  const query = { ...q < 0 ? {} : parseQuery(rawPath.slice(q + 1)), ...request.queryParams ?? {} };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = String(value);
  return {
    given: request,
    authority: written,
    host,
    port,
    path: path === '' ? '/' : path,
    query,
    headers,
    method: (request.method ?? 'GET').toUpperCase(),
    scheme,
    source,
    gateway,
    caveats,
  };
}
