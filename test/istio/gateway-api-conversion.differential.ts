/**
 * Differential test of the simulator's Gateway API part against Istio's own conversion goldens:
 * the test data of Istio's Gateway API controller (pilot/pkg/config/kube/gateway/testdata in the
 * pinned module, read from the Go module cache, never copied) holds route inputs and the
 * VirtualServices Istio converts them to. For every match of every rule of those VirtualServices a
 * request is made that the match accepts; the rule that first accepts it in Istio's converted list
 * (evaluated here, independently of the simulator) must be the rule the simulator picks.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { RoutingSimulator, SimulatedRequest } from '../../src/analysis/simulate/facade';

const DOMAIN = 'domain.suffix';
const FILES = ['http.yaml', 'mesh.yaml', 'route-precedence.yaml', 'isolation.yaml', 'grpc.yaml', 'http-grpc-same-host.yaml', 'delegated.yaml',
  'empty-backend-refs.yaml', 'invalid.yaml', 'redirect-only.yaml', 'reference-policy-service.yaml', 'route-binding.yaml', 'serviceentry.yaml',
  'valid-invalid-parent-ref.yaml', 'weighted.yaml', 'zero.yaml', 'backend-tls-policy.yaml'];

function testdataDir(): string {
  const goMod = fs.readFileSync(path.join(__dirname, 'go.mod'), 'utf8');
  const version = /istio\.io\/istio (\S+)/.exec(goMod)![1];
  const download = JSON.parse(execFileSync('go', ['mod', 'download', '-json', `istio.io/istio@${version}`],
    { cwd: tmpdir(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  return path.join(download.Dir, 'pilot', 'pkg', 'config', 'kube', 'gateway', 'testdata');
}

const docs = (file: string) => YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d => d.toJSON()).filter(d => d && typeof d === 'object');

/** An Istio VirtualService HTTP match against a request, as Envoy applies Istio's gateway-semantics translation. */
function accepts(m: any, r: SimulatedRequest & { port: number }): boolean {
  const requested = r.path ?? '/';
  const uri = m?.uri;
  if (uri?.exact !== undefined && requested !== uri.exact) return false;
  if (uri?.prefix !== undefined) {
    const p = uri.prefix === '/' ? '/' : uri.prefix.replace(/\/$/, '');
    if (!(p === '/' || requested === p || requested.startsWith(`${p}/`))) return false;
  }
  if (uri?.regex !== undefined && !new RegExp(`^(?:${uri.regex})$`).test(requested)) return false;
  if (m?.port !== undefined && m.port !== r.port) return false;
  if (m?.method?.exact !== undefined && m.method.exact !== (r.method ?? 'GET')) return false;
  const headers = Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  for (const [name, sm] of Object.entries<any>(m?.headers ?? {})) {
    const v = headers[name.toLowerCase()];
    if (v === undefined || (sm.exact !== undefined && v !== sm.exact) || (sm.regex !== undefined && !new RegExp(`^(?:${sm.regex})$`).test(v))) return false;
  }
  for (const [name, sm] of Object.entries<any>(m?.queryParams ?? {})) {
    const v = r.queryParams?.[name];
    if (v === undefined || (sm.exact !== undefined && v !== sm.exact) || (sm.regex !== undefined && !new RegExp(`^(?:${sm.regex})$`).test(v))) return false;
  }
  return true;
}

/**
 * Requests at the edges of a match (a prefix itself, below it, and a longer segment beside it; an
 * exact path and with a trailing slash), or none when the match needs a regex to be satisfied.
 */
function requestsFor(m: any, base: SimulatedRequest & { port: number }): Array<SimulatedRequest & { port: number }> {
  const uri = m?.uri;
  if (uri?.regex !== undefined) return [];
  const headers: Record<string, string> = {};
  for (const [name, sm] of Object.entries<any>(m?.headers ?? {})) {
    if (sm.exact === undefined) return [];
    headers[name] = sm.exact;
  }
  const queryParams: Record<string, string> = {};
  for (const [name, sm] of Object.entries<any>(m?.queryParams ?? {})) {
    if (sm.exact === undefined) return [];
    queryParams[name] = sm.exact;
  }
  let paths = ['/'];
  if (uri?.exact !== undefined) {paths = [uri.exact, `${uri.exact}/`];} else if (uri?.prefix !== undefined && uri.prefix !== '/') {
    const p = uri.prefix.replace(/\/$/, '');
    paths = [p, `${p}/x`, `${p}x`];
  }
  return paths.map(requested => ({
    ...base, path: requested, headers, queryParams, ...m?.method?.exact ? { method: m.method.exact } : {}, ...m?.port ? { port: m.port } : {},
  }));
}

/** Services for every Service host the goldens name (Istio's test registry holds them). */
function servicesFor(golden: any[]): any[] {
  const ports = new Map<string, Set<number>>();
  const add = (host: string | undefined, port?: number) => {
    if (typeof host !== 'string' || !host.endsWith(`.svc.${DOMAIN}`)) return;
    const set = ports.get(host) ?? new Set<number>();
    if (port) set.add(port);
    ports.set(host, set);
  };
  for (const vs of golden.filter(d => d.kind === 'VirtualService')) {
    for (const h of vs.spec.hosts ?? []) add(h, 80);
    for (const rule of vs.spec.http ?? []) {
      for (const m of rule.match ?? []) for (const h of vs.spec.hosts ?? []) if (m.port) add(h, m.port);
      for (const d of rule.route ?? []) add(d.destination?.host, d.destination?.port?.number);
    }
  }
  return [...ports.entries()].map(([host, set]) => {
    const [name, namespace] = host.split('.');
    return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector: { app: name }, ports: [...set].map(port => ({ name: `http-${port}`, port })) } };
  });
}

/** The namespaces Istio's test harness creates, labelled `istio.io/test-name-part: <name up to its first dash>`. */
function namespacesFor(objects: any[]): any[] {
  const names = new Set(objects.map(o => o.metadata?.namespace).filter((n: unknown) => typeof n === 'string'));
  return [...names].map(name => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'istio.io/test-name-part': name.split('-')[0] } } }));
}

const hostWithin = (a: string, b: string) => (b.startsWith('*') ? a.endsWith(b.slice(1)) : a === b);
/** Envoy's preference between domains matching a host: exact, then the longer wildcard. */
const specificity = (domain: string) => (domain.startsWith('*') ? domain.length : Infinity);

describe.each(FILES)('Istio\'s conversion of %s', (file) => {
  test('the simulator picks the rule Istio\'s converted VirtualService applies first', () => {
    // GIVEN Istio's input and its converted VirtualServices
    const dir = testdataDir();
    const input = docs(path.join(dir, file));
    const golden = docs(path.join(dir, `${file}.golden`));
    const gateways = golden.filter(d => d.kind === 'Gateway');
    const vss = golden.filter(d => d.kind === 'VirtualService' && d.metadata.annotations?.['internal.istio.io/route-semantics'] === 'gateway');
    const objects = [...input, ...servicesFor(golden)];
    const sim = RoutingSimulator.of([...objects, ...namespacesFor(objects)], { clusterDomain: DOMAIN });
    const serverOf = (internal: string) => gateways.find(g => `${g.metadata.namespace}/${g.metadata.name}` === internal)?.spec.servers[0];
    /** The virtual host domain of a gateway VirtualService: its host within its server's. */
    const domainOf = (vs: any): string | undefined => {
      const server = serverOf(vs.spec.gateways[0]);
      if (!server) return undefined;
      const serverHost = String(server.hosts[0]).split('/')[1];
      return hostWithin(vs.spec.hosts[0], serverHost) ? vs.spec.hosts[0] : serverHost;
    };
    const mismatches: string[] = [];
    let checked = 0;
    for (const vs of vss) {
      const internal: string = vs.spec.gateways[0];
      let base: SimulatedRequest & { port: number };
      if (internal === 'mesh') {
        base = { host: vs.spec.hosts[0], port: 80, source: { namespace: vs.metadata.namespace } };
      } else {
        const [ns, rest] = internal.split('/');
        const [gwName] = rest.split('~istio-autogenerated-k8s-gateway~');
        const server = serverOf(internal);
        if (!server) continue;
        const domain = domainOf(vs)!;
        const host = domain.startsWith('*') ? `zz${domain.slice(1)}` : domain;
        // a VirtualService of the gateway's port with a domain as or more specific for the host is another (or a merged) virtual host: skip
        const rivals = vss.filter(o => o !== vs && o.spec.gateways[0] !== 'mesh' && serverOf(o.spec.gateways[0])?.port.number === server.port.number
          && hostWithin(host, domainOf(o) ?? '') && specificity(domainOf(o)!) >= specificity(domain));
        if (rivals.length > 0) continue;
        base = { host, port: server.port.number, gateway: `${ns}/${gwName}`, scheme: server.port.protocol === 'HTTPS' ? 'https' : 'http' };
      }
      const rules: any[] = vs.spec.http ?? [];
      for (const rule of rules) {
        for (const m of rule.match ?? [{}]) {
          for (const req of requestsFor(m, base)) {
            const expected = rules.find(r => (r.match ?? [{}]).some((x: any) => accepts(x, req)))?.name ?? 'none';
            // WHEN
            const answer = sim.route(req);
            const got = answer.rule ? answer.rule.ruleName ?? `${answer.rule.namespace}.${answer.rule.name}.${answer.rule.index}` : 'none';
            checked++;
            if (got !== expected) mismatches.push(`${vs.metadata.namespace}/${vs.metadata.name} ${JSON.stringify(req)}: Istio ${expected}, simulator ${got}`);
          }
        }
      }
    }
    // THEN
    process.stdout.write(`${file}: ${checked} requests checked against Istio's converted VirtualServices\n`);
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });
});
