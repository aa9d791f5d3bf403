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

/** The security options that are given. */
export function givenSecurityOptions(options: NamespaceOptions): { [field: string]: unknown } {
  return Object.fromEntries(NAMESPACE_SECURITY_FIELDS.filter(f => options[f] !== undefined).map(f => [f, options[f]]));
}

/** The names of the services in a namespace, when `options` give security options (only then are they read: it reads every service). */
export function servicesIn(services: ReadonlyArray<{ readonly name: string; readonly namespace: string }>, namespace: string,
  options: NamespaceOptions): string[] {
  return NAMESPACE_SECURITY_FIELDS.some(f => options[f] !== undefined) ? services.filter(s => s.namespace === namespace).map(s => s.name) : [];
}
