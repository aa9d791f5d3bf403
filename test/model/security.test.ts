import { AuthorizationMode, OutboundTrafficMode } from '../../src';
import { SecurityModel } from '../../src/model/security';

const DENY = AuthorizationMode.DENY_BY_DEFAULT;
const OPEN = AuthorizationMode.OPEN;

describe('SecurityModel', () => {
  test('GIVEN no setting anywhere THEN authorization is OPEN, sidecars are not scoped and outbound traffic is unset', () => {
    // GIVEN
    const security = new SecurityModel({}, true);
    // THEN
    expect(security.namespaceAuthorization('shop')).toBe(OPEN);
    expect(security.serviceAuthorization('shop', undefined)).toBe(OPEN);
    expect(security.sidecarScoping('shop')).toBe(false);
    expect(security.outboundTraffic('shop')).toBeUndefined();
    expect(security.namespaceSettings('shop')).toEqual({});
  });

  test('GIVEN settings at each scope THEN the nearest scope that says something wins: service, then namespace, then mesh', () => {
    // GIVEN
    const security = new SecurityModel({ authorization: DENY, sidecarScoping: true, outboundTraffic: OutboundTrafficMode.REGISTRY_ONLY }, true);
    security.setNamespace('legacy', { authorization: OPEN, sidecarScoping: false, outboundTraffic: OutboundTrafficMode.ALLOW_ANY });
    security.setNamespace('shop', {});
    // THEN
    expect(security.namespaceAuthorization('shop')).toBe(DENY);
    expect(security.namespaceAuthorization('legacy')).toBe(OPEN);
    expect(security.serviceAuthorization('legacy', undefined)).toBe(OPEN);
    expect(security.serviceAuthorization('legacy', DENY)).toBe(DENY);
    expect(security.serviceAuthorization('shop', OPEN)).toBe(OPEN);
    expect(security.sidecarScoping('shop')).toBe(true);
    expect(security.sidecarScoping('legacy')).toBe(false);
    expect(security.sidecarScoping('legacy', true)).toBe(true);
    expect(security.sidecarScoping('shop', false)).toBe(false);
    expect(security.outboundTraffic('shop')).toBe(OutboundTrafficMode.REGISTRY_ONLY);
    expect(security.outboundTraffic('legacy')).toBe(OutboundTrafficMode.ALLOW_ANY);
  });
});
