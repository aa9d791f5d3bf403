/**
 * What keeps a namespace's security options from taking effect: a namespace added again with
 * different ones, or one the app does not own (its objects are another team's).
 */
import { NamespaceOptions } from '../interfaces/mesh';
import { SecuritySettings } from '../model/security';

const FIELDS = ['authorization', 'sidecarScoping', 'outboundTraffic'] as const;

/** Problems of a namespace's security options. */
export function namespaceSecurityProblems(name: string, options: NamespaceOptions, added: boolean, owned: boolean,
  current: SecuritySettings): string[] {
  const given = FIELDS.filter(f => options[f] !== undefined);
  if (added) {
    return given.filter(f => options[f] !== current[f]).map(f =>
      `namespace '${name}' already has ${f} ${current[f] ?? 'unset'}: give '${f}' when the namespace is first added (before the services that live there)`);
  }
  return owned ? [] : given.map(f =>
    `'${f}' of namespace '${name}' needs a namespace the app owns: its policies and Sidecars are its owner's (MeshOwnership.appTeam({ ownedNamespaces }))`);
}
