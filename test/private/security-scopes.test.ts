import { AuthorizationMode, OutboundTrafficMode } from '../../src';
import { namespaceSecurityProblems } from '../../src/private/security-scopes';

const DENY = AuthorizationMode.DENY_BY_DEFAULT;

describe('namespaceSecurityProblems', () => {
  test('GIVEN a namespace first added WHEN the app owns it THEN any options are fine; WHEN it does not THEN each option given is a problem', () => {
    // GIVEN
    const options = { authorization: DENY, sidecarScoping: true, outboundTraffic: OutboundTrafficMode.REGISTRY_ONLY };
    // THEN
    expect(namespaceSecurityProblems('shop', options, false, true, {})).toEqual([]);
    expect(namespaceSecurityProblems('shop', {}, false, false, {})).toEqual([]);
    expect(namespaceSecurityProblems('shop', { sidecarScoping: false }, false, false, {})).toEqual([
      "'sidecarScoping' of namespace 'shop' needs a namespace the app owns: its policies and Sidecars are its owner's (MeshOwnership.appTeam({ ownedNamespaces }))",
    ]);
    expect(namespaceSecurityProblems('shop', options, false, false, {})).toHaveLength(3);
  });

  test('GIVEN a namespace already added WHEN it is added again THEN only options that differ from its own are problems', () => {
    // GIVEN
    const current = { authorization: DENY, sidecarScoping: false };
    // THEN
    expect(namespaceSecurityProblems('shop', {}, true, true, current)).toEqual([]);
    expect(namespaceSecurityProblems('shop', { authorization: DENY, sidecarScoping: false }, true, true, current)).toEqual([]);
    expect(namespaceSecurityProblems('shop', { authorization: AuthorizationMode.OPEN, sidecarScoping: false, outboundTraffic: OutboundTrafficMode.ALLOW_ANY },
      true, true, current)).toEqual([
      "namespace 'shop' already has authorization DENY_BY_DEFAULT: give 'authorization' when the namespace is first added (before the services that live there)",
      "namespace 'shop' already has outboundTraffic unset: give 'outboundTraffic' when the namespace is first added (before the services that live there)",
    ]);
  });
});
