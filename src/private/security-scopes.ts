/**
 * What keeps a namespace's security options from taking effect: a namespace the app does not own
 * (its objects are another team's), or options that change once services live in the namespace
 * (their policies and Sidecars already follow the old ones).
 */
import { NamespaceOptions } from '../interfaces/mesh';
import { SecuritySettings } from '../model/security';

/** The security options of a namespace. */
export const NAMESPACE_SECURITY_FIELDS = ['authorization', 'sidecarScoping', 'outboundTraffic'] as const;

/** Problems of a namespace's security options (`services`: the services already declared in it). */
export function namespaceSecurityProblems(name: string, options: NamespaceOptions, owned: boolean, current: SecuritySettings,
  services: readonly string[]): string[] {
  const given = NAMESPACE_SECURITY_FIELDS.filter(f => options[f] !== undefined);
  if (!owned) {
    return given.map(f =>
      `'${f}' of namespace '${name}' needs a namespace the app owns: its policies and Sidecars are its owner's (MeshOwnership.appTeam({ ownedNamespaces }))`);
  }
  return services.length === 0 ? [] : given.filter(f => options[f] !== current[f]).map(f =>
    `namespace '${name}' already has services (${services.join(', ')}) whose objects follow its ${f} ${current[f] ?? 'unset'}: `
    + `give '${f}' before adding them`);
}
