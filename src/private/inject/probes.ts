/**
 * Application probe rewriting: kubelet's HTTP/TCP/gRPC probes and HTTP/TCP lifecycle hooks are
 * redirected to istio-agent's status port (`/app-health/<container>/<probe>`), and the original
 * probes are handed to the agent in `ISTIO_KUBE_APP_PROBERS`, so probes keep working under mTLS.
 */
import { Json } from './json';
import { PROXY_CONTAINER } from '../proxy-ports';

const PROBES: Array<['readinessProbe' | 'livenessProbe' | 'startupProbe', string]> = [
  ['readinessProbe', 'readyz'],
  ['livenessProbe', 'livez'],
  ['startupProbe', 'startupz'],
];
const HOOKS: Array<['preStop' | 'postStart', string]> = [
  ['preStop', 'prestopz'],
  ['postStart', 'poststartz'],
];

function probePath(container: string, kind: string): string {
  return kind.startsWith('p') ? `/app-lifecycle/${container}/${kind}` : `/app-health/${container}/${kind}`;
}

/** Go's JSON of an HTTPGetAction / TCPSocketAction / GRPCAction (field order, omitempty). */
function httpGetJson(a: Json, port: number): Json {
  const o: Json = {};
  if (a.path) o.path = a.path;
  o.port = port;
  if (a.host) o.host = a.host;
  if (a.scheme) o.scheme = a.scheme;
  if (a.httpHeaders?.length) o.httpHeaders = a.httpHeaders.map((h: Json) => ({ name: h.name, value: h.value }));
  return o;
}

function tcpSocketJson(a: Json, port: number): Json {
  return a.host ? { port, host: a.host } : { port };
}

/**
 * Resolves a probe port: a number, a numeric string, or the name of one of the container's ports.
 * @returns the port, or undefined when it cannot be resolved
 */
function resolvePort(port: unknown, container: Json): number | undefined {
  if (typeof port === 'number') return port;
  if (typeof port !== 'string') return undefined;
  const named = (container.ports ?? []).find((p: Json) => p.name === port);
  if (named && named.containerPort > 0) return named.containerPort;
  return /^[+-]?\d+$/.test(port) && Math.abs(Number(port)) <= 2147483647 ? Number(port) : undefined;
}

/** The agent's prober for one probe or hook, or undefined when it does not go through the agent. */
function prober(handler: Json, container: Json, statusPort: number, timeoutSeconds?: number): Json | undefined {
  if (!handler) return undefined;
  const timeout = timeoutSeconds ? { timeoutSeconds } : {};
  if (handler.grpc) {
    return { grpc: { port: handler.grpc.port, service: handler.grpc.service ?? null }, ...timeout };
  }
  const action = handler.httpGet ?? handler.tcpSocket;
  if (!action) return undefined;
  const port = resolvePort(action.port, container);
  // a probe on the status port is already the agent's (Istio's DumpAppProbers)
  if (port === undefined || (typeof action.port === 'number' && port === statusPort)) return undefined;
  return handler.httpGet ? { httpGet: httpGetJson(action, port), ...timeout } : { tcpSocket: tcpSocketJson(action, port), ...timeout };
}

function appContainers(spec: Json): Json[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])].filter((c: Json) => c.name !== PROXY_CONTAINER);
}

/**
 * The `ISTIO_KUBE_APP_PROBERS` value for a pod (keys sorted), or undefined when no probe goes
 * through the agent.
 */
export function appProbersJson(pod: Json, meshStatusPort: number): string | undefined {
  const out: { [path: string]: Json } = {};
  for (const c of appContainers(pod.spec)) {
    for (const [field, kind] of PROBES) {
      const p = prober(c[field], c, meshStatusPort, c[field]?.timeoutSeconds);
      if (p) out[probePath(c.name, kind)] = p;
    }
    for (const [hook, kind] of HOOKS) {
      const p = prober(c.lifecycle?.[hook], c, meshStatusPort);
      if (p) out[probePath(c.name, kind)] = p;
    }
  }
  const keys = Object.keys(out).sort();
  if (keys.length === 0) return undefined;
  return JSON.stringify(Object.fromEntries(keys.map(k => [k, out[k]])));
}

/** Whether any application container has a probe or hook that rewriting would change. */
export function hasRewritableProbes(spec: Json): boolean {
  return appContainers(spec).some(c => PROBES.some(([f]) => rewritable(c[f])) || HOOKS.some(([h]) => rewritable(c.lifecycle?.[h])));
}

function rewritable(handler: Json): boolean {
  return !!handler && !!(handler.httpGet || handler.tcpSocket || handler.grpc);
}

function rewriteHandler(handler: Json, path: string, statusPort: number, allowGrpc: boolean): Json {
  if (handler.httpGet) {
    const httpGet = { ...handler.httpGet, path, port: statusPort };
    if (httpGet.scheme === 'HTTPS') httpGet.scheme = 'HTTP';
    return { ...handler, httpGet };
  }
  if (handler.tcpSocket || (allowGrpc && handler.grpc)) {
    const { tcpSocket: _t, grpc: _g, ...rest } = handler;
    return { ...rest, httpGet: { path, port: statusPort } };
  }
  return handler;
}

/** Points every application probe and HTTP/TCP lifecycle hook at the agent's status port, in place. */
export function rewriteAppProbes(pod: Json, statusPort: number): void {
  for (const c of appContainers(pod.spec)) {
    for (const [field, kind] of PROBES) {
      if (rewritable(c[field])) {
        c[field] = rewriteHandler(c[field], probePath(c.name, kind), statusPort, true);
      }
    }
    for (const [hook, kind] of HOOKS) {
      const h = c.lifecycle?.[hook];
      if (h && (h.httpGet || h.tcpSocket)) {
        c.lifecycle[hook] = rewriteHandler(h, probePath(c.name, kind), statusPort, false);
      }
    }
  }
}
