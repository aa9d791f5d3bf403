/**
 * Allowed callers: for each service (or gateway) whose pods have AuthorizationPolicies in force,
 * who may call it, as the authorization evaluator (../authz) decides for a request with the
 * caller's identity on each of the service's ports.
 *
 * - Any caller: a request from an identity of a namespace and service account nobody uses, or
 *   without identity (plain text), is allowed: one edge from `any caller`, nothing more.
 * - Any workload of a namespace: an identity of that namespace with a service account nobody
 *   uses is allowed: one edge from that namespace's `any workload` node.
 * - Otherwise each identity (`<trust domain>/ns/<namespace>/sa/<service account>`) of the meshed
 *   pods is tried: when allowed, an edge from the Gateways those pods serve, else the Services
 *   that select them, else the workload itself.
 *
 * An edge is `allowed`, `allowed: port P` when only some ports allow it, or `allowed: CONDITIONS`
 * when the deciding rule also asks for what a caller's identity does not tell (methods, paths,
 * hosts, `when` conditions). A target that policies deny to every caller says so. Where no policy
 * is in force everything is allowed: no edges are drawn (they would connect everything).
 */
import { compare, GraphBuilder } from './builder';
import { AuthzVerdict } from '../authz';
import { WorkloadVerdicts } from '../authz/workloads';
import { asArray, Obj } from '../objects';
import { containerPort, Pod } from '../pods';

/** A name no Kubernetes object can have: an identity that only wildcard rules match. */
const NOBODY = '~';

/** A node whose pods policies may protect, and the ports a caller reaches them on. */
interface Target {
  readonly key: string;
  readonly pods: Pod[];
  /** `[shown, on the pod]`; the shown port is the Service's (or the container's). */
  readonly ports: Array<[number | undefined, number | undefined]>;
}

/** What a caller may do on a target. */
interface Access {
  readonly allowed: boolean;
  readonly label: string;
}

export function allowedCallers(g: GraphBuilder): void {
  const verdicts = new WorkloadVerdicts(g.model);
  if (!verdicts.any) return;
  const td = g.model.meshConfig.trustDomain;
  const policies = new Map<string, Obj>(g.model.of('AuthorizationPolicy').map(p => [p.fullName, p]));
  const meshed = g.model.pods.filter(p => g.meshed(p));

  const access = (target: Target, principal: string | null): Access => {
    const allowedPorts: Array<number | undefined> = [];
    let depends: AuthzVerdict | undefined;
    for (const [shown, port] of target.ports) {
      const vs = target.pods.map(pod => verdicts.verdict(pod, { principal, port }));
      if (vs.some(v => v.verdict === 'allowed')) allowedPorts.push(shown);
      else depends = depends ?? vs.find(v => v.verdict === 'depends');
    }
    if (allowedPorts.length === target.ports.length) return { allowed: true, label: 'allowed' };
    if (allowedPorts.length > 0) return { allowed: true, label: `allowed: port ${allowedPorts.join(', ')}` };
    if (depends) return { allowed: true, label: `allowed: ${conditions(policies.get(depends.policy ?? ''), depends.rule)}` };
    return { allowed: false, label: '' };
  };

  const identities = new Map<string, Pod[]>();
  for (const pod of meshed) {
    const sa = String(pod.podSpec?.serviceAccountName || pod.podSpec?.serviceAccount || 'default');
    const list = identities.get(`${pod.namespace}/${sa}`) ?? [];
    list.push(pod);
    identities.set(`${pod.namespace}/${sa}`, list);
  }
  const namespaces = [...g.model.namespaces()].sort(compare);
  const ids = [...identities.keys()].sort(compare);
  const idByPrincipal = new Map(ids.map(id => [`${td}/ns/${id.replace('/', '/sa/')}`, id]));

  for (const target of targets(g, meshed, verdicts)) {
    let any = false;
    const anyone = access(target, `${td}/ns/${NOBODY}/sa/${NOBODY}`);
    const plain = access(target, null);
    const best = anyone.allowed ? anyone : plain;
    if (best.allowed) {
      g.addNode({ key: 'callers:any', kind: 'callers', lines: ['any caller'] });
      g.addEdge({ from: 'callers:any', to: target.key, kind: 'allowed', label: best.label });
      continue;
    }
    const covered = new Set<string>();
    for (const ns of namespaces) {
      const a = access(target, `${td}/ns/${ns}/sa/${NOBODY}`);
      if (!a.allowed) continue;
      covered.add(ns);
      any = true;
      const key = g.addNode({ key: `callers:ns/${ns}`, kind: 'callers', namespace: ns, lines: [`any workload in ${ns}`] });
      g.addEdge({ from: key, to: target.key, kind: 'allowed', label: a.label });
    }
    const named = namedPrincipals(target, verdicts);
    const candidates = named ? [...named].map(p => idByPrincipal.get(p)).filter((id): id is string => id !== undefined).sort(compare) : ids;
    for (const id of candidates) {
      const [ns, sa] = id.split('/');
      if (covered.has(ns)) continue;
      const a = access(target, `${td}/ns/${ns}/sa/${sa}`);
      if (!a.allowed) continue;
      for (const from of new Set(identities.get(id)!.flatMap(pod => callerNodes(g, pod)))) {
        any = true;
        if (from !== target.key) g.addEdge({ from, to: target.key, kind: 'allowed', label: a.label });
      }
    }
    if (!any) g.addLine(target.key, 'no caller allowed');
  }
}

/** The nodes whose pods have AuthorizationPolicies in force, with the ports callers reach. */
function targets(g: GraphBuilder, meshed: readonly Pod[], verdicts: WorkloadVerdicts): Target[] {
  const byKey = new Map<string, Target>();
  const add = (key: string, pod: Pod, ports: Array<[number | undefined, number | undefined]>) => {
    const t = byKey.get(key) ?? { key, pods: [], ports };
    t.pods.push(pod);
    byKey.set(key, t);
  };
  for (const pod of meshed) {
    if (verdicts.inForce(pod).policies.length === 0) continue;
    const gateways = g.gatewaysOf(pod);
    if (gateways.length > 0) {
      const ports = asArray(pod.podSpec?.containers).flatMap(c => asArray(c?.ports)).map(p => Number(p?.containerPort))
        .filter(p => Number.isInteger(p)).sort((a, b) => a - b);
      const pairs: Array<[number | undefined, number | undefined]> = ports.length > 0 ? ports.map(p => [p, p]) : [[undefined, undefined]];
      gateways.forEach(key => add(key, pod, pairs));
      continue;
    }
    for (const svc of g.model.serviceSelectors.selecting(pod.labels, pod.namespace, false)) {
      const key = `service:${svc.fullName}`;
      if (!g.has(key)) continue;
      const ports = asArray(svc.spec.ports).map(p => [Number(p?.port), containerPort(p, pod)] as [number, number | undefined]);
      add(key, pod, ports.length > 0 ? ports : [[undefined, undefined]]);
    }
  }
  return [...byKey.values()].sort((a, b) => compare(a.key, b.key));
}

/**
 * The only principals that can be allowed on a target, when every policy in force on its pods is
 * an ALLOW policy whose rules name their callers by exact principals alone (as the library's
 * zero-trust policies do); undefined when any other caller might be allowed. Trying only these
 * keeps a mesh of n services at n × (named callers) verdicts instead of n².
 */
function namedPrincipals(target: Target, verdicts: WorkloadVerdicts): Set<string> | undefined {
  const named = new Set<string>();
  for (const pod of target.pods) {
    for (const policy of verdicts.inForce(pod).policies) {
      if ((policy.spec.action ?? 'ALLOW') !== 'ALLOW') return undefined;
      for (const rule of asArray(policy.spec.rules)) {
        const froms = asArray(rule?.from);
        if (froms.length === 0) return undefined;
        for (const from of froms) {
          const source = from?.source ?? {};
          const principals = asArray(source.principals).map(String);
          if (Object.keys(source).some(k => k !== 'principals') || principals.length === 0 || principals.some(p => p.includes('*'))) return undefined;
          principals.forEach(p => named.add(p));
        }
      }
    }
  }
  return named;
}

/** Where a caller's calls come from in the diagram: its Gateways, else its Services, else itself. */
function callerNodes(g: GraphBuilder, pod: Pod): string[] {
  const gateways = g.gatewaysOf(pod);
  if (gateways.length > 0) return [...gateways];
  const services = g.model.serviceSelectors.selecting(pod.labels, pod.namespace, false)
    .map(s => `service:${s.fullName}`).filter(k => g.has(k)).sort(compare);
  if (services.length > 0) return services;
  return [g.addNode({ key: `workload:${pod.namespace}/${pod.name}`, kind: 'workload', namespace: pod.namespace, lines: [`workload ${pod.name}`] })];
}

/** What the deciding rule asks for beside the caller's identity, as text. */
function conditions(policy: Obj | undefined, rule: number | undefined): string {
  const r = rule === undefined ? undefined : asArray(policy?.spec.rules)[rule];
  const parts: string[] = [];
  for (const to of asArray(r?.to)) {
    const op = to?.operation ?? {};
    const field = (values: unknown, not: unknown) => [...asArray(values).map(String), ...asArray(not).map(v => `!${v}`)];
    const pieces = [field(op.methods, op.notMethods), field(op.hosts, op.notHosts), field(op.paths, op.notPaths)]
      .filter(v => v.length > 0).map(v => v.join(','));
    if (pieces.length > 0) parts.push(pieces.join(' '));
  }
  const when = asArray(r?.when).map(w => String(w?.key));
  if (when.length > 0) parts.push(`when ${when.join(', ')}`);
  return parts.length > 0 ? parts.join(' or ') : 'some requests';
}
