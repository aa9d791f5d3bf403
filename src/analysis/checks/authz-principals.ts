/**
 * AuthorizationPolicy sources naming an identity no workload has (MESH016): an exact principal
 * (`<trust domain>/ns/<ns>/sa/<sa>`, of the mesh's trust domain) or service account (`ns/sa`, or
 * `sa` in the policy's namespace) in `principals`, `notPrincipals`, `serviceAccounts` or
 * `notServiceAccounts`, whose namespace has workloads in the manifests but none running as that
 * ServiceAccount, and no ServiceAccount object of that name: most likely a misspelt name. A
 * namespace the manifests declare no workload in is not judged (its workloads are deployed
 * elsewhere), nor one holding pods the engine assumes.
 */
import { Check } from '../check';
import { MESH, q } from '../messages';
import { asArray } from '../objects';
import { podPrincipal } from './route-calls';

const PRINCIPAL = /^([^/*]+)\/ns\/([^/*]+)\/sa\/([^/*]+)$/;

export const authzPrincipalsCheck: Check = {
  id: 'security.authorization-principals',
  description: 'AuthorizationPolicy principals and service accounts name identities that workloads have',
  types: [MESH.UnknownPrincipal],
  run(ctx) {
    const { model } = ctx;
    const td = model.meshConfig.trustDomain;
    const accounts = new Map<string, Set<string> | null>();
    /** The ServiceAccounts a namespace's workloads run as; null when the namespace is not judged. */
    const accountsOf = (ns: string): Set<string> | null => {
      if (!accounts.has(ns)) {
        const pods = model.podIndex.inNamespace(ns);
        const known = pods.length > 0 && pods.every(p => !p.obj.synthetic);
        accounts.set(ns, known ? new Set(pods.map(p => podPrincipal(p, td)!.split('/sa/')[1])) : null);
      }
      return accounts.get(ns)!;
    };
    for (const ap of model.of('AuthorizationPolicy')) {
      asArray(ap.spec.rules).forEach((rule, index) => {
        for (const from of asArray(rule?.from)) {
          const source = from?.source ?? {};
          const named: Array<{ what: string; value: string; ns: string; sa: string }> = [];
          for (const value of [...asArray(source.principals), ...asArray(source.notPrincipals)].map(String)) {
            const m = PRINCIPAL.exec(value);
            if (m && m[1] === td) named.push({ what: 'principal', value, ns: m[2], sa: m[3] });
          }
          for (const value of [...asArray(source.serviceAccounts), ...asArray(source.notServiceAccounts)].map(String)) {
            if (value.includes('*')) continue;
            const slash = value.indexOf('/');
            named.push({ what: 'service account', value, ns: slash >= 0 ? value.slice(0, slash) : ap.namespace, sa: slash >= 0 ? value.slice(slash + 1) : value });
          }
          for (const n of named) {
            const used = accountsOf(n.ns);
            if (!used || used.has(n.sa) || model.find('ServiceAccount', n.ns, n.sa)) continue;
            ctx.report(MESH.UnknownPrincipal, ap, `rule ${index} names ${n.what} ${q(n.value)}, but no workload of namespace ${n.ns} runs as ServiceAccount ${n.sa} `
              + `(they run as ${[...used].sort().join(', ')}), so it matches no caller`);
          }
        }
      });
    }
  },
};
