import { Duration } from 'cdk8s';
import { destinationRule, reviews, SERVICE, setup } from './util/traffic-policies';
import { exactly } from './util/validate';

describe('outlier detection', () => {
  test('every setting renders with Istio field names and Go durations', async () => {
    const { chart, mesh } = setup();
    reviews(mesh, {
      trafficPolicy: {
        outlierDetection: {
          consecutive5xxErrors: 5,
          consecutiveGatewayErrors: 3,
          consecutiveLocalOriginFailures: 2,
          splitExternalLocalOriginErrors: true,
          interval: Duration.seconds(10),
          baseEjectionTime: Duration.millis(30_500),
          maxEjectionPercent: 50,
          minHealthPercent: 25,
        },
      },
    });
    expect((await destinationRule(chart)).trafficPolicy).toEqual({
      outlierDetection: {
        consecutive5xxErrors: 5,
        consecutiveGatewayErrors: 3,
        consecutiveLocalOriginFailures: 2,
        splitExternalLocalOriginErrors: true,
        interval: '10s',
        baseEjectionTime: '30500ms',
        maxEjectionPercent: 50,
        minHealthPercent: 25,
      },
    });
  });

  test('consecutive5xxErrors 0 (disabled) renders as 0, not as a missing field', async () => {
    const { chart, mesh } = setup();
    reviews(mesh, { trafficPolicy: { outlierDetection: { consecutive5xxErrors: 0, consecutiveGatewayErrors: 5 } } });
    expect((await destinationRule(chart)).trafficPolicy.outlierDetection).toEqual({ consecutive5xxErrors: 0, consecutiveGatewayErrors: 5 });
  });

  test.each([undefined, false])('consecutiveLocalOriginFailures with splitExternalLocalOriginErrors %p fails', (splitExternalLocalOriginErrors) => {
    const { mesh } = setup();
    expect(() => reviews(mesh, { trafficPolicy: { outlierDetection: { consecutiveLocalOriginFailures: 3, splitExternalLocalOriginErrors } } }))
      .toThrow(exactly(`[${SERVICE}] 'outlierDetection.consecutiveLocalOriginFailures' only applies with 'splitExternalLocalOriginErrors: true'`));
  });

  test('an empty outlier detection fails', () => {
    const { mesh } = setup();
    expect(() => reviews(mesh, { trafficPolicy: { outlierDetection: {} } }))
      .toThrow(exactly(`[${SERVICE}] 'outlierDetection' is empty: give at least one setting`));
  });
});
