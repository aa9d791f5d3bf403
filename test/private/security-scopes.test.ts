import { AuthorizationMode, OutboundTrafficMode } from '../../src';
import { namespaceSecurityProblems } from '../../src/private/security-scopes';

const DENY = AuthorizationMode.DENY_BY_DEFAULT;

describe('namespaceSecurityProblems', () => {
  test('GIVEN a namespace WHEN the app owns it THEN any options are fine; WHEN it does not THEN each option given is a problem', () => {
    // GIVEN
    const options = { authorization: DENY, sidecarScoping: true, outboundTraffic: OutboundTrafficMode.REGISTRY_ONLY };
    // THEN
    expect(namespaceSecurityProblems('shop', options, true, {}, [])).toEqual([]);
    expect(namespaceSecurityProblems('shop', {}, false, {}, [])).toEqual([]);
    expect(namespaceSecurityProblems('shop', { sidecarScoping: false }, false, {}, [])).toEqual([
      "'sidecarScoping' of namespace 'shop' needs a namespace the app owns: its policies and Sidecars are its owner's (MeshOwnership.appTeam({ ownedNamespaces }))",
    ]);
    expect(namespaceSecurityProblems('shop', options, false, {}, [])).toHaveLength(3);
  });

  test('GIVEN a namespace with services WHEN it is given options again THEN only those that differ from its own are problems; without services none is', () => {
    // GIVEN
    const current = { authorization: DENY, sidecarScoping: false };
    const changed = { authorization: AuthorizationMode.OPEN, sidecarScoping: false, outboundTraffic: OutboundTrafficMode.ALLOW_ANY };
    // THEN
    expect(namespaceSecurityProblems('shop', {}, true, current, ['cart'])).toEqual([]);
    expect(namespaceSecurityProblems('shop', { authorization: DENY, sidecarScoping: false }, true, current, ['cart'])).toEqual([]);
    expect(namespaceSecurityProblems('shop', changed, true, current, ['cart', 'orders'])).toEqual([
      "namespace 'shop' already has services (cart, orders) whose objects follow its authorization DENY_BY_DEFAULT: give 'authorization' before adding them",
      "namespace 'shop' already has services (cart, orders) whose objects follow its outboundTraffic unset: give 'outboundTraffic' before adding them",
    ]);
    expect(namespaceSecurityProblems('shop', changed, true, current, [])).toEqual([]);
  });
});
