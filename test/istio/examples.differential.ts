/**
 * Differential tests: every example output (`npm run example` writes dist/) through Istio's own
 * validation webhook and analyzers, and through this library's analysis.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Testing, Yaml } from 'cdk8s';
import * as YAML from 'yaml';
import { istioAnalyze, istioValidate } from './oracle';
import { buildOrdersApp } from '../../examples/orders/orders';
import { analyze } from '../../src/analysis';
import { controllerObjects } from '../../src/analysis/controllers';
import { clusterObjects } from '../../src/private/cluster-objects';
import { b64, selfSignedCertificate } from '../util/certificates';

const DIST = path.join(__dirname, '..', '..', 'dist');

/** What jsii-pacmak writes into dist/ beside the examples (`npx projen package-all`): the packages of each language. */
const PACKAGE_DIRS = ['js', 'python', 'java', 'go', 'dotnet'];

/** Every output directory of `npm run example`, with the text of its files in order. */
function exampleOutputs(): Array<{ name: string; text: string }> {
  const dirs = readdirSync(DIST).filter(d => statSync(path.join(DIST, d)).isDirectory() && !PACKAGE_DIRS.includes(d)).sort();
  if (dirs.length === 0) throw new Error(`no example output in ${DIST}: run 'npm run example' first`);
  return dirs.flatMap(dir => {
    const files = readdirSync(path.join(DIST, dir)).filter(f => f.endsWith('.yaml')).sort();
    // the scenarios are independent samples: each file is its own mesh
    if (dir === 'bookinfo-scenarios') {
      return files.map(f => ({ name: `${dir}/${f}`, text: readFileSync(path.join(DIST, dir, f), 'utf8') }));
    }
    return [{ name: dir, text: files.map(f => readFileSync(path.join(DIST, dir, f), 'utf8')).join('---\n') }];
  });
}

/**
 * What the cluster holds for the examples that join an existing mesh (MeshOwnership.appTeam): the
 * objects their output refers to and does not emit (mesh-wide policy, other teams' Services and
 * DestinationRules, the installed gateways' Services and pods), as the synth-time analysis takes them;
 * for the example handed to Flagger, the objects Flagger creates (which the analysis assumes, and
 * istioctl reads from a cluster where Flagger runs).
 */
const CLUSTER: { [dir: string]: (objects: any[]) => any[] } = {
  'bookinfo-flagger': objects => controllerObjects(objects),
  'orders': () => {
    const app = Testing.app();
    buildOrdersApp(app);
    return clusterObjects(app).map(withCertificate);
  },
};

/**
 * A gateway's credential Secret as the cluster holds it: a valid certificate and key (the library
 * expects the Secret to exist; its content is the cluster's, e.g. cert-manager's).
 */
function withCertificate(o: any): any {
  if (o.kind !== 'Secret' || o.data !== undefined) return o;
  const { cert, key } = selfSignedCertificate({ commonName: 'orders.shop.example.com' });
  return { ...o, type: 'kubernetes.io/tls', data: { 'tls.crt': b64(cert), 'tls.key': b64(key) } };
}

const outputs = exampleOutputs().map(o => ({
  ...o,
  cluster: CLUSTER[o.name]?.(YAML.parseAllDocuments(o.text).map(d => d.toJSON()).filter(x => x)) ?? [],
}));

describe.each(outputs)('example output $name', ({ text, cluster }) => {
  test("Istio's validation webhook accepts every Istio object, without warnings", () => {
    const verdicts = istioValidate(text).filter(v => v.checked && (v.error || v.warning));
    expect(verdicts).toEqual([]);
  });

  test("this library's analysis finds what istioctl analyze finds (IST codes)", () => {
    // istioctl on the cluster that applying the output makes (Pods for the Deployments, …: see
    // cluster.go); it prints one finding per place in a resource, this library each finding once
    // the objects an app-team example expects in the cluster are given to istioctl as part of the cluster
    const objects = YAML.parseAllDocuments(text).map(d => d.toJSON()).filter(o => o);
    const ours = analyze(objects, { clusterObjects: cluster }).filter(f => f.code.startsWith('IST'))
      .map(f => `${f.level} ${f.code} ${f.resource}: ${f.message}`).sort();
    const istio = [...new Set(istioAnalyze(withCluster(text, cluster), { simulateCluster: true }).map(f => `${f.level} ${f.code} ${f.resource}: ${f.message}`))].sort();
    expect(ours).toEqual(istio);
  });
});

/** The output's YAML followed by the objects the cluster holds. */
function withCluster(text: string, cluster: any[]): string {
  return cluster.length === 0 ? text : `${text}---\n${Yaml.stringify(...cluster)}`;
}

describe('the orders example (dist/orders), an app team in an existing mesh', () => {
  const orders = outputs.find(o => o.name === 'orders');

  test('istioctl analyze finds nothing in the cluster it joins, with or without its assumed ingress gateway', () => {
    // GIVEN the output and what it expects the cluster to hold (the installed gateways among them)
    if (!orders) throw new Error("no dist/orders: run 'npm run example' first");
    // WHEN istioctl analyzes the cluster applying the output makes
    const text = withCluster(orders.text, orders.cluster);
    // THEN there is no finding of any level, also when istioctl does not assume an ingress gateway of its own
    expect(istioAnalyze(text, { simulateCluster: true })).toEqual([]);
    expect(istioAnalyze(text, { simulateCluster: true, defaultResources: false })).toEqual([]);
  });

  test('without the objects it expects, istioctl reports each reference, as the synth-time analysis would', () => {
    // GIVEN the output alone
    if (!orders) throw new Error("no dist/orders: run 'npm run example' first");
    // WHEN istioctl analyzes it
    const findings = istioAnalyze(orders.text, { simulateCluster: true }).map(f => `${f.level} ${f.code} ${f.resource}: ${f.message}`).sort();
    // THEN the other team's service and namespace, the installed egress gateway and the certificate are missing (the ingress gateway is istioctl's default)
    expect(findings).toEqual([
      'Error IST0101 AuthorizationPolicy orders/orders: Referenced namespace not found: "storefront"',
      'Error IST0101 Gateway orders/orders-egress: Referenced selector not found: "istio=egressgateway"',
      'Error IST0101 Gateway orders/orders-gateway: Referenced credentialName not found: "orders-shop-example-com"',
      'Error IST0101 VirtualService orders/orders: Referenced host not found: "payments.payments.svc.cluster.local"',
      'Error IST0101 VirtualService orders/orders: Referenced host+subset in destinationrule not found: "payments.payments.svc.cluster.local+v1"',
      'Error IST0101 VirtualService orders/shipping-api: Referenced host not found: "istio-egressgateway.istio-system.svc.cluster.local"',
    ]);
  });
});
