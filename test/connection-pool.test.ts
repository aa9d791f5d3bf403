import { Duration } from 'cdk8s';
import { H2UpgradePolicy } from '../src';
import { destinationRule, reviews, SERVICE, setup } from './util/traffic-policies';
import { exactly } from './util/validate';

describe('connection pool', () => {
  test('every TCP and HTTP setting renders with Istio field names and Go durations', async () => {
    // GIVEN
    const { chart, mesh } = setup();
    // WHEN
    reviews(mesh, {
      trafficPolicy: {
        connectionPool: {
          tcp: {
            maxConnections: 100,
            connectTimeout: Duration.millis(250),
            tcpKeepalive: { time: Duration.hours(2), interval: Duration.seconds(75), probes: 9 },
            maxConnectionDuration: Duration.minutes(30),
            idleTimeout: Duration.seconds(90),
          },
          http: {
            http1MaxPendingRequests: 10,
            http2MaxRequests: 1000,
            maxRequestsPerConnection: 1,
            maxRetries: 3,
            idleTimeout: Duration.seconds(5),
            h2UpgradePolicy: H2UpgradePolicy.UPGRADE,
            useClientProtocol: false,
            maxConcurrentStreams: 128,
          },
        },
      },
    });
    // THEN
    expect((await destinationRule(chart)).trafficPolicy).toEqual({
      connectionPool: {
        tcp: {
          maxConnections: 100,
          connectTimeout: '250ms',
          tcpKeepalive: { time: '2h', interval: '75s', probes: 9 },
          maxConnectionDuration: '30m',
          idleTimeout: '90s',
        },
        http: {
          http1MaxPendingRequests: 10,
          http2MaxRequests: 1000,
          maxRequestsPerConnection: 1,
          maxRetries: 3,
          idleTimeout: '5s',
          h2UpgradePolicy: 'UPGRADE',
          useClientProtocol: false,
          maxConcurrentStreams: 128,
        },
      },
    });
  });

  test('an empty tcpKeepalive turns keepalive on with the OS defaults', async () => {
    const { chart, mesh } = setup();
    reviews(mesh, { trafficPolicy: { connectionPool: { tcp: { tcpKeepalive: {} } } } });
    expect((await destinationRule(chart)).trafficPolicy.connectionPool).toEqual({ tcp: { tcpKeepalive: {} } });
  });

  test.each([H2UpgradePolicy.DEFAULT, H2UpgradePolicy.DO_NOT_UPGRADE])('useClientProtocol with h2UpgradePolicy %p renders', async (h2UpgradePolicy) => {
    const { chart, mesh } = setup();
    reviews(mesh, { trafficPolicy: { connectionPool: { http: { h2UpgradePolicy, useClientProtocol: true } } } });
    expect((await destinationRule(chart)).trafficPolicy.connectionPool.http).toEqual({ h2UpgradePolicy, useClientProtocol: true });
  });

  test('useClientProtocol with h2UpgradePolicy UPGRADE fails', () => {
    const { mesh } = setup();
    const http = { h2UpgradePolicy: H2UpgradePolicy.UPGRADE, useClientProtocol: true };
    expect(() => reviews(mesh, { trafficPolicy: { connectionPool: { http } } }))
      .toThrow(exactly(`[${SERVICE}] 'connectionPool.http.useClientProtocol' must not be true with 'h2UpgradePolicy' UPGRADE: the caller's protocol cannot be kept and upgraded at once`));
  });

  test('a connection pool without tcp or http fails', () => {
    const { mesh } = setup();
    expect(() => reviews(mesh, { trafficPolicy: { connectionPool: {} } }))
      .toThrow(exactly(`[${SERVICE}] 'connectionPool' needs 'tcp', 'http' or both`));
  });
});
