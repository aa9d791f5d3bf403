/**
 * Differential tests of the analysis engine: every input of the analysis tests (the cases of
 * test/analysis/cases/, which include the fixtures of test/fixtures/analysis) goes through this
 * library's `analyze()` and through Istio's own analyzers (`istio-oracle analyze`), on the same
 * cluster: the oracle turns the manifests into the cluster state applying them produces
 * (--simulate-cluster, see cluster.go), with the same assumptions as the engine's options. For IST
 * codes, the sets of {code, level, resource, message} must be equal, except for the deliberate
 * disagreements listed in ALLOWED (and in src/analysis/README.md).
 */
import { istioAnalyze, IstioFinding } from './oracle';
import { analyze, AnalysisMessage, AnalysisOptions } from '../../src/analysis';
import { CASES as BOOKINFO } from '../analysis/cases/bookinfo';
import { CASES as DESTINATION_RULE } from '../analysis/cases/destinationrule';
import { CASES as ENGINE } from '../analysis/cases/engine';
import { CASES as GATEWAY } from '../analysis/cases/gateway';
import { CASES as SECURITY } from '../analysis/cases/security';
import { CASES as VIRTUAL_SERVICE } from '../analysis/cases/virtualservice';
import { CASES as WORKLOADS } from '../analysis/cases/workloads';
import { Case, objectsOf } from '../analysis/helpers';

/** A deliberate disagreement: findings of one side the other does not have, for a reason. */
interface Allowed {
  /** `istio`: istioctl reports it and this library does not; `ours`: the other way round. */
  readonly side: 'istio' | 'ours';
  readonly code: string;
  /** Only for these cases (module/name); every case when absent. */
  readonly cases?: readonly string[];
  readonly reason: string;
}

const ALLOWED: readonly Allowed[] = [
  {
    side: 'istio',
    code: 'IST0106',
    reason: 'schema validation is not the engine\'s job: the construct validation and the CLI\'s structural schema check report invalid objects',
  },
  {
    side: 'istio',
    code: 'IST0133',
    reason: 'schema validation warnings are not the engine\'s job either (see IST0106)',
  },
  ...['IST0107', 'IST0108', 'IST0125', 'IST0135'].map((code): Allowed => ({
    side: 'istio',
    code,
    reason: 'the engine does not carry Istio\'s catalog of annotations (which exist, where each applies, which are deprecated, '
      + 'what values are valid), which istioctl\'s annotation analyzer checks Namespaces, Services, Pods and Deployments against',
  })),
  {
    side: 'istio',
    code: 'IST0102',
    cases: ['destinationrule/STRICT in the configured root namespace'],
    reason: 'a root namespace other than istio-system that the input does not declare exists unlabelled in the cluster, so istioctl '
      + 'reports it as not injected; this library reports only on objects of the input',
  },
  {
    side: 'istio',
    code: 'IST0127',
    cases: ['workloads/policy selecting the pods of a Rollout'],
    reason: 'on a cluster Argo Rollouts creates the Rollout\'s pods and istioctl finds them; the oracle simulates pods of the built-in '
      + 'workload kinds only, while this engine reads a Rollout\'s template as a Deployment\'s',
  },
  {
    side: 'istio',
    code: 'IST0145',
    cases: ['gateway/conflicts: istioctl carries hosts over between gateways'],
    reason: 'istioctl adds the hosts of every server it compares without conflict to the other gateway\'s hosts, so a third gateway '
      + 'conflicts with one it shares no host with (and which, depends on map order); this library compares gateways as written',
  },
  {
    side: 'ours',
    code: 'IST0145',
    cases: ['gateway/conflicts: istioctl carries hosts over between gateways'],
    reason: 'the same: the message lists only the gateways that share the host',
  },
];

/** Cases istioctl cannot analyze, and why. */
const NOT_COMPARED: Record<string, string> = {
  // an AuthorizationPolicy rule with a null `from` entry: authz.AuthorizationPoliciesAnalyzer
  // dereferences it (authorizationpolicies.go:145) and istioctl analyze panics
  'engine/junk': 'istioctl panics on it',
};

const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'IngressClass', 'RuntimeClass', 'ClusterRole',
  'ClusterRoleBinding', 'CustomResourceDefinition', 'APIService', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
  'GatewayClass',
]);

/** Our finding as istioctl prints it on a cluster: an object written without a namespace is in `default`. */
function asIstio(m: AnalysisMessage): string {
  const o = m.object;
  const unqualified = o && typeof o === 'object' && !CLUSTER_SCOPED.has(o.kind) && !(typeof o.metadata?.namespace === 'string' && o.metadata.namespace !== '');
  const resource = unqualified ? m.resource.replace(' ', ' default/') : m.resource;
  return `${m.level} ${m.code} ${resource}: ${m.message}`;
}

function printed(f: IstioFinding): string {
  return `${f.level} ${f.code} ${f.resource}: ${f.message}`;
}

/** The oracle's options for the engine's: the same cluster. */
function oracleOptions(c: Case): Parameters<typeof istioAnalyze>[1] {
  const o: AnalysisOptions = c.options ?? {};
  const root = o.rootNamespace ?? 'istio-system';
  let meshConfig = o.meshConfig;
  if (root !== 'istio-system') {
    // the engine's root namespace is also the mesh's (unless the mesh config says otherwise)
    const fromConfigMap = objectsOf(c).find(x => x?.kind === 'ConfigMap' && x.metadata?.name === 'istio' && x.metadata?.namespace === root)?.data?.mesh;
    const text = meshConfig ?? (typeof fromConfigMap === 'string' ? fromConfigMap : '');
    meshConfig = /^rootNamespace:/m.test(text) ? text : `rootNamespace: ${root}\n${text}`;
  }
  return {
    simulateCluster: true,
    istioNamespace: root,
    assumeInjected: o.assumeInjected ?? true,
    defaultResources: o.assumeDefaultGateways ?? true,
    meshConfig,
  };
}

const ALL: Array<[string, Case]> = Object.entries({
  bookinfo: BOOKINFO,
  destinationrule: DESTINATION_RULE,
  engine: ENGINE,
  gateway: GATEWAY,
  security: SECURITY,
  virtualservice: VIRTUAL_SERVICE,
  workloads: WORKLOADS,
}).flatMap(([module, cases]) => Object.entries(cases).map(([name, c]) => [`${module}/${name}`, c] as [string, Case]))
  // istioctl's analyzers know only cluster.local
  .filter(([name, c]) => (c.options?.clusterDomain ?? 'cluster.local') === 'cluster.local' && NOT_COMPARED[name] === undefined);

function allowed(side: Allowed['side'], name: string, finding: string): boolean {
  return ALLOWED.some(a => a.side === side && finding.split(' ')[1] === a.code && (!a.cases || a.cases.includes(name)));
}

describe.each(ALL)('%s', (name, c) => {
  test('this library finds what istioctl analyze finds (IST codes)', () => {
    const ours = analyze(objectsOf(c), { ...c.options, ignore: [] }).filter(m => m.code.startsWith('IST')).map(asIstio);
    const istio = istioAnalyze(objectsOf(c), oracleOptions(c)).map(printed);
    const missing = istio.filter(f => !ours.includes(f) && !allowed('istio', name, f));
    const extra = ours.filter(f => !istio.includes(f) && !allowed('ours', name, f));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });
});

test('every allowed disagreement still happens', () => {
  // GIVEN each allow-list entry that names cases, THEN the disagreement is there (else drop it)
  for (const a of ALLOWED.filter(x => x.cases)) {
    for (const name of a.cases!) {
      const c = ALL.find(([n]) => n === name)?.[1];
      expect(c).toBeDefined();
      const ours = analyze(objectsOf(c!), { ...c!.options, ignore: [] }).map(asIstio);
      const istio = istioAnalyze(objectsOf(c!), oracleOptions(c!)).map(printed);
      const one = a.side === 'istio' ? istio.filter(f => !ours.includes(f)) : ours.filter(f => !istio.includes(f));
      expect(one.some(f => f.split(' ')[1] === a.code)).toBe(true);
    }
  }
});
