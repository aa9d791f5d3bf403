/**
 * Times the analysis engine on a generated mesh of about 10,000 objects: namespaces, Services,
 * Deployments (two versions each), DestinationRules, VirtualServices (weighted, header-matched,
 * some through a Gateway), ServiceEntries, Sidecars, PeerAuthentications and AuthorizationPolicies.
 *
 *   ts-node --project scripts/tsconfig.json scripts/bench-analysis.ts [OBJECTS]
 */
import { analyze } from '../src/analysis';

/** A realistic mesh of about `objects` objects (each service brings 9 or 10). */
export function generateMesh(objects: number): any[] {
  const out: any[] = [];
  const namespaces = Math.max(1, Math.round(objects / 500));
  for (let n = 0; n < namespaces; n++) {
    out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team${n}`, labels: { 'istio-injection': 'enabled' } } });
    out.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: `team${n}` },
      spec: { mtls: { mode: 'STRICT' } },
    });
    out.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Sidecar',
      metadata: { name: 'default', namespace: `team${n}` },
      spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }] },
    });
    out.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'web', namespace: `team${n}` },
      spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: [`team${n}.example.com`] }] },
    });
  }
  for (let i = 0; out.length < objects; i++) {
    const ns = `team${i % namespaces}`;
    const name = `svc${i}`;
    const meta = (kind: string, apiVersion: string, extra: any = {}) => ({ apiVersion, kind, metadata: { name, namespace: ns, ...extra } });
    out.push({ ...meta('Service', 'v1'), spec: { selector: { app: name }, ports: [{ name: 'http', port: 8080, targetPort: 8080 }, { name: 'grpc-api', port: 9090 }] } });
    for (const version of ['v1', 'v2']) {
      out.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `${name}-${version}`, namespace: ns },
        spec: {
          selector: { matchLabels: { app: name, version } },
          template: {
            metadata: { labels: { app: name, version } },
            spec: { containers: [{ name, image: `example.com/${name}:${version}`, ports: [{ containerPort: 8080 }, { containerPort: 9090 }] }] },
          },
        },
      });
    }
    out.push({ ...meta('ServiceAccount', 'v1') });
    out.push({
      ...meta('DestinationRule', 'networking.istio.io/v1'),
      spec: {
        host: name,
        trafficPolicy: { connectionPool: { http: { http2MaxRequests: 100 } }, tls: { mode: 'ISTIO_MUTUAL' } },
        subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' }, trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } } }],
      },
    });
    const dependency = `svc${Math.max(0, i - 1)}.team${Math.max(0, i - 1) % namespaces}.svc.cluster.local`;
    out.push({
      ...meta('VirtualService', 'networking.istio.io/v1'),
      spec: {
        hosts: [name],
        http: [
          { match: [{ headers: { 'end-user': { exact: 'tester' } } }], route: [{ destination: { host: name, subset: 'v2', port: { number: 8080 } } }] },
          { match: [{ uri: { prefix: '/api' } }], route: [{ destination: { host: name, subset: 'v1', port: { number: 8080 } }, weight: 90 }, { destination: { host: name, subset: 'v2', port: { number: 8080 } }, weight: 10 }] },
          { route: [{ destination: { host: name, subset: 'v1', port: { number: 8080 } } }], mirror: { host: dependency, port: { number: 8080 } } },
        ],
      },
    });
    if (i % namespaces === i % 7) {
      out.push({
        ...meta('VirtualService', 'networking.istio.io/v1', { name: `${name}-web` }),
        spec: { hosts: [`team${i % namespaces}.example.com`], gateways: ['web'], http: [{ match: [{ uri: { prefix: `/${name}` } }], route: [{ destination: { host: name, port: { number: 8080 } } }] }] },
      });
    }
    out.push({
      ...meta('ServiceEntry', 'networking.istio.io/v1', { name: `${name}-ext` }),
      spec: { hosts: [`api${i}.partner.example.com`], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], resolution: 'DNS', location: 'MESH_EXTERNAL' },
    });
    out.push({
      ...meta('AuthorizationPolicy', 'security.istio.io/v1'),
      spec: { selector: { matchLabels: { app: name } }, rules: [{ from: [{ source: { namespaces: [ns, 'istio-system'] } }] }] },
    });
  }
  return out;
}

function main(): void {
  const count = Number(process.argv[2] ?? 10000);
  const objects = generateMesh(count);
  analyze(generateMesh(1000)); // warm up the JIT
  const runs: number[] = [];
  let found = 0;
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    found = analyze(objects).length;
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  runs.sort((a, b) => a - b);
  const kinds = new Map<string, number>();
  for (const o of objects) kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
  console.log(`objects: ${objects.length} (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')})`);
  console.log(`findings: ${found}`);
  console.log(`analysis time: median ${runs[2].toFixed(0)} ms, best ${runs[0].toFixed(0)} ms, worst ${runs[4].toFixed(0)} ms (5 runs)`);
}

if (require.main === module) main();
