/**
 * Routing edges: each rule of a VirtualService (http, tls, tcp) and of a Gateway API route
 * (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute) draws an edge from where the traffic enters to each
 * destination, labelled with the rule's match (when it has one) and the destination's share of
 * the rule's traffic in percent; faults are noted on the edge, mirrors are edges of their own.
 *
 * Where the traffic enters: a VirtualService bound to Gateways enters at those Gateways (its hosts
 * are on the edge unless `*`); one bound to `mesh` (or to nothing) enters at its hosts' services.
 * A Gateway API route enters at its parents: Gateways, or Services (mesh routing, GAMMA).
 *
 * A Gateway's edges carry the route's hosts its servers serve (a route for none of them does not
 * apply there).
 *
 * Default routes: a service that no route names as a host has no routing edges; its traffic goes
 * to all its pods, whatever their version. A destination without a subset is the service itself;
 * a rule that sends all of a service's traffic to itself, unconditionally, draws no edge.
 */
import { byName, GraphBuilder } from './builder';
import { GATEWAY_API_GROUP } from '../../private/istio-names';
import { hostsMatch } from '../hosts';
import { asArray, Obj } from '../objects';

/** At most this many match alternatives are spelled out on an edge; the rest are counted. */
const MAX_MATCHES = 2;

/** A share in percent, with at most one decimal. */
export function percent(weight: number, total: number): string {
  if (total <= 0) return '0%';
  return `${Math.round((weight / total) * 1000) / 10}%`;
}

function stringMatch(m: any): string | undefined {
  if (m === null || typeof m !== 'object') return undefined;
  if (typeof m.exact === 'string') return `=${m.exact}`;
  if (typeof m.prefix === 'string') return `^=${m.prefix}`;
  if (typeof m.regex === 'string') return `~=${m.regex}`;
  return undefined;
}

/** One Istio HTTPMatchRequest as text: its conditions, all of which must hold. */
function istioMatch(m: any): string {
  const parts: string[] = [];
  const add = (name: string, value: any) => {
    const s = stringMatch(value);
    if (s !== undefined) parts.push(`${name}${s}`);
  };
  add('uri', m?.uri);
  add('scheme', m?.scheme);
  add('method', m?.method);
  add('authority', m?.authority);
  for (const [name, value] of Object.entries(m?.headers ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) add(name, value);
  for (const [name, value] of Object.entries(m?.queryParams ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) add(`?${name}`, value);
  for (const name of Object.keys(m?.withoutHeaders ?? {}).sort()) parts.push(`!${name}`);
  if (m?.port !== undefined) parts.push(`port ${m.port}`);
  const source = Object.entries(m?.sourceLabels ?? {}).map(([k, v]) => `${k}=${v}`).sort();
  if (source.length > 0) parts.push(`from ${source.join(',')}`);
  if (typeof m?.sourceNamespace === 'string') parts.push(`from ns ${m.sourceNamespace}`);
  for (const sni of asArray(m?.sniHosts)) parts.push(`sni ${sni}`);
  return parts.join(' ');
}

/** One Gateway API HTTPRouteMatch or GRPCRouteMatch as text. */
function gatewayApiMatch(m: any): string {
  const parts: string[] = [];
  const op = (type: unknown, exact: string) => (type === 'RegularExpression' ? '~=' : type === 'PathPrefix' ? '^=' : exact);
  if (m?.path) parts.push(`path${op(m.path.type ?? 'PathPrefix', '=')}${m.path.value ?? '/'}`);
  if (m?.method && typeof m.method === 'object') {
    parts.push(`grpc${op(m.method.type, '=')}${m.method.service ?? '*'}/${m.method.method ?? '*'}`);
  } else if (typeof m?.method === 'string') {
    parts.push(`method=${m.method}`);
  }
  for (const h of asArray(m?.headers)) parts.push(`${h?.name}${op(h?.type, '=')}${h?.value}`);
  for (const q of asArray(m?.queryParams)) parts.push(`?${q?.name}${op(q?.type, '=')}${q?.value}`);
  return parts.join(' ');
}

/** The alternatives of a rule's `match` (any of which selects the rule), as text. */
function matches(list: unknown, describe: (m: any) => string): string {
  // a match of everything (the Gateway API's default `path^=/`) is no condition
  const texts = asArray(list).map(describe).map(t => (t === 'path^=/' ? '' : t));
  if (texts.length === 0 || texts.some(t => t === '')) return '';
  const shown = texts.slice(0, MAX_MATCHES).join(' or ');
  return texts.length > MAX_MATCHES ? `${shown} or ${texts.length - MAX_MATCHES} more` : shown;
}

/** An Istio fault as text. */
function fault(f: any): string | undefined {
  if (f === null || typeof f !== 'object') return undefined;
  const share = (p: any) => (p?.percentage?.value !== undefined && Number(p.percentage.value) !== 100 ? ` ${Number(p.percentage.value)}%` : '');
  const parts: string[] = [];
  if (f.delay) parts.push(`delay ${f.delay.fixedDelay ?? f.delay.exponentialDelay ?? '?'}${share(f.delay)}`);
  if (f.abort) parts.push(`abort ${f.abort.httpStatus ?? f.abort.grpcStatus ?? (f.abort.http2Error ? 'http2' : '?')}${share(f.abort)}`);
  return parts.length > 0 ? `fault: ${parts.join(', ')}` : undefined;
}

/** An edge label from its parts: `match: [port ]share[; fault]`. */
function label(match: string, share: string, extra?: string): string {
  return `${match ? `${match}: ` : ''}${share}${extra ? `; ${extra}` : ''}`;
}

/** Where a VirtualService's traffic enters: its Gateways, or (for `mesh`) its hosts' nodes. */
function istioSources(g: GraphBuilder, vs: Obj, exportTo: readonly string[]): Array<{ node: string; hosts: string }> {
  const hosts = asArray(vs.spec.hosts).map(String);
  const bound = asArray(vs.spec.gateways).map(String);
  const sources: Array<{ node: string; hosts: string }> = [];
  for (const ref of bound.length === 0 ? ['mesh'] : bound) {
    if (ref === 'mesh') {
      for (const h of hosts) sources.push({ node: g.hostNode(vs.namespace, exportTo, h), hosts: '' });
      continue;
    }
    const slash = ref.indexOf('/');
    const ns = slash >= 0 ? ref.slice(0, slash) : vs.namespace;
    const name = slash >= 0 ? ref.slice(slash + 1) : ref;
    const key = `gateway:${ns}/${name}`;
    const gateway = g.model.find('Gateway', ns, name);
    if (!g.has(key)) g.addNode({ key, kind: 'gateway', namespace: ns, lines: [`Gateway ${name}`, '(no Gateway)'] });
    // the route applies at the Gateway for the hosts its servers serve
    const served = gateway ? asArray(gateway.spec.servers).flatMap(s => asArray(s?.hosts).map(String)).map(h => h.slice(h.indexOf('/') + 1)) : ['*'];
    const matching = hosts.filter(h => served.some(s => hostsMatch(h, s)));
    if (matching.length === 0) continue;
    sources.push({ node: key, hosts: matching.filter(h => h !== '*').sort().join(', ') });
  }
  return sources;
}

/** The port of a destination, shown when its service has more than one and the match does not say it already. */
function portText(g: GraphBuilder, namespace: string, host: string, port: unknown, match: string): string {
  if (port === undefined || port === null || ` ${match} `.includes(` port ${port} `)) return '';
  const entry = g.model.lookupHost(namespace, undefined, host);
  return entry && entry.ports.length > 1 ? `port ${port} ` : '';
}

/** Edges of every VirtualService, by `namespace/name`. */
export function istioRoutes(g: GraphBuilder): void {
  for (const vs of byName(g.model.of('VirtualService'))) {
    const exportTo = asArray(vs.spec.exportTo).map(String);
    const sources = istioSources(g, vs, exportTo);
    for (const [protocol, rules] of [['http', vs.spec.http], ['tls', vs.spec.tls], ['tcp', vs.spec.tcp]] as const) {
      for (const rule of asArray(rules)) {
        const match = matches(rule?.match, istioMatch);
        const routes = asArray(rule?.route);
        const weights = routes.map(r => (r?.weight === undefined ? undefined : Number(r.weight)));
        const unweighted = weights.every(w => w === undefined);
        const total = unweighted ? routes.length : weights.reduce<number>((s, w) => s + (w ?? 0), 0);
        const faultText = protocol === 'http' ? fault(rule?.fault) : undefined;
        const dest = (d: any) => g.hostNode(vs.namespace, undefined, String(d?.host ?? ''), typeof d?.subset === 'string' ? d.subset : undefined);
        routes.forEach((r, i) => {
          const to = dest(r?.destination);
          const share = percent(unweighted ? 1 : weights[i] ?? 0, total);
          const port = portText(g, vs.namespace, String(r?.destination?.host ?? ''), r?.destination?.port?.number, match);
          for (const s of sources) {
            const text = label([s.hosts, match].filter(x => x).join(' '), `${port}${share}`, faultText);
            // a service's traffic sent whole to itself is what it does without a route: no edge
            if (s.node === to && text === '100%') continue;
            g.addEdge({ from: s.node, to, kind: 'route', label: text });
          }
        });
        const mirrors = [
          ...rule?.mirror ? [{ destination: rule.mirror, percentage: rule.mirrorPercentage }] : [],
          ...asArray(rule?.mirrors),
        ];
        for (const m of mirrors) {
          const to = dest(m?.destination);
          const share = m?.percentage?.value !== undefined ? `${Number(m.percentage.value)}%` : '100%';
          for (const s of sources) g.addEdge({ from: s.node, to, kind: 'mirror', label: label(match, `mirror ${share}`) });
        }
      }
    }
  }
}

const GATEWAY_API_ROUTES = ['gateway/HTTPRoute', 'gateway/GRPCRoute', 'gateway/TLSRoute', 'gateway/TCPRoute'];

/** The node of a Gateway API reference to a Service (core group) in a route's namespace. */
function serviceRef(g: GraphBuilder, route: Obj, ref: any): string | undefined {
  const group = ref?.group ?? '';
  const kind = ref?.kind ?? 'Service';
  if ((group !== '' && group !== 'core') || kind !== 'Service' || typeof ref?.name !== 'string') return undefined;
  return g.serviceByName(typeof ref.namespace === 'string' ? ref.namespace : route.namespace, ref.name);
}

/** A Gateway API route's parents: Gateways, or Services (mesh routing). */
function gatewayApiSources(g: GraphBuilder, route: Obj): string[] {
  const out: string[] = [];
  for (const ref of asArray(route.spec.parentRefs)) {
    const group = ref?.group ?? GATEWAY_API_GROUP;
    const kind = ref?.kind ?? 'Gateway';
    if (group === GATEWAY_API_GROUP && kind === 'Gateway' && typeof ref?.name === 'string') {
      const ns = typeof ref.namespace === 'string' ? ref.namespace : route.namespace;
      const key = `k8s-gateway:${ns}/${ref.name}`;
      if (!g.has(key)) g.addNode({ key, kind: 'gateway', namespace: ns, lines: [`Gateway ${ref.name}`, '(no Gateway)'] });
      out.push(key);
      continue;
    }
    const svc = serviceRef(g, route, ref);
    if (svc) out.push(svc);
  }
  return out;
}

/** A Gateway API mirror filter's share. */
function mirrorShare(filter: any): string {
  const m = filter?.requestMirror;
  if (m?.percent !== undefined) return `${Number(m.percent)}%`;
  if (m?.fraction?.numerator !== undefined) return percent(Number(m.fraction.numerator), Number(m.fraction.denominator ?? 100));
  return '100%';
}

/** Edges of every Gateway API route, by kind, then `namespace/name`. */
export function gatewayApiRoutes(g: GraphBuilder): void {
  for (const kind of GATEWAY_API_ROUTES) {
    for (const route of byName(g.model.of(kind))) {
      const sources = gatewayApiSources(g, route);
      const hostnames = asArray(route.spec.hostnames).map(String).sort().join(', ');
      for (const rule of asArray(route.spec.rules)) {
        const match = [hostnames, matches(rule?.matches, gatewayApiMatch)].filter(x => x).join(' ');
        const backends = asArray(rule?.backendRefs).map(b => ({ b, to: serviceRef(g, route, b) }));
        const total = backends.reduce((s, { b }) => s + (b?.weight === undefined ? 1 : Number(b.weight)), 0);
        for (const { b, to } of backends) {
          if (!to) continue;
          const port = b?.port !== undefined && asArray(g.model.find('Service', b.namespace ?? route.namespace, b.name)?.spec.ports).length > 1 ? `port ${b.port} ` : '';
          const share = percent(b?.weight === undefined ? 1 : Number(b.weight), total);
          for (const s of sources) g.addEdge({ from: s, to, kind: 'route', label: label(match, `${port}${share}`) });
        }
        for (const f of asArray(rule?.filters).filter(x => x?.type === 'RequestMirror')) {
          const to = serviceRef(g, route, f.requestMirror?.backendRef);
          if (!to) continue;
          for (const s of sources) g.addEdge({ from: s, to, kind: 'mirror', label: label(match, `mirror ${mirrorShare(f)}`) });
        }
      }
    }
  }
}
