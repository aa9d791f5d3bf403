/**
 * A generated mesh for the scope report's scale test: `namespaces` × `perNamespace` services
 * (Namespace, Service with one HTTP port, Deployment with the app label), each calling three
 * others of its namespace, chosen deterministically; istiod's Service in istio-system; and, when
 * `scoped`, a Sidecar per service whose egress hosts are its callees and `istio-system/*`.
 */
export interface GeneratedMesh {
  readonly manifests: any[];
  /** Callee indexes of service `i` of a namespace. */
  readonly callees: (i: number) => number[];
}

export function generateMesh(namespaces: number, perNamespace: number, scoped: boolean): GeneratedMesh {
  const callees = (i: number) => [1, 7, 31].map(d => (i + d) % perNamespace);
  const name = (i: number) => `svc-${i}`;
  const manifests: any[] = [{
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'istiod', namespace: 'istio-system' },
    spec: {
      selector: { app: 'istiod' },
      ports: [
        { name: 'grpc-xds', port: 15010 }, { name: 'https-dns', port: 15012 },
        { name: 'https-webhook', port: 443, targetPort: 15017 }, { name: 'http-monitoring', port: 15014 },
      ],
    },
  }];
  for (let n = 0; n < namespaces; n++) {
    const ns = `ns-${n}`;
    manifests.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'istio-injection': 'enabled' } } });
    for (let i = 0; i < perNamespace; i++) {
      const labels = { app: name(i) };
      manifests.push({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: name(i), namespace: ns },
        spec: { selector: labels, ports: [{ name: 'http', port: 8080 }] },
      });
      manifests.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: name(i), namespace: ns },
        spec: {
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'app:1', ports: [{ containerPort: 8080 }] }] } },
        },
      });
      if (scoped) {
        manifests.push({
          apiVersion: 'networking.istio.io/v1',
          kind: 'Sidecar',
          metadata: { name: name(i), namespace: ns },
          spec: {
            workloadSelector: { labels },
            egress: [{ hosts: [...callees(i).map(c => `./${name(c)}.${ns}.svc.cluster.local`), 'istio-system/*'] }],
          },
        });
      }
    }
  }
  return { manifests, callees };
}
