import { Duration } from 'cdk8s';
import { StringMatch } from '../src';
import { httpRoutes, REVIEWS, setup } from './util/routes';

describe('route policies', () => {
  test('a delay fault renders its fixed delay and percentage', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ headers: { 'end-user': StringMatch.exact('jason') } }],
      destinations: [{ version: 'v2' }],
      fault: { delay: { fixedDelay: Duration.seconds(7), percentage: 10 } },
    });
    // THEN
    expect((await httpRoutes(chart))[0].fault).toEqual({ delay: { fixedDelay: '7s', percentage: { value: 10 } } });
  });

  test('fault percentages default to 100', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/a') }],
      destinations: [{ version: 'v2' }],
      fault: { abort: { httpStatus: 503 } },
    });
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/b') }],
      destinations: [{ version: 'v2' }],
      fault: { delay: { fixedDelay: Duration.millis(250) } },
    });
    // THEN
    const http = await httpRoutes(chart);
    expect(http[0].fault).toEqual({ abort: { httpStatus: 503, percentage: { value: 100 } } });
    expect(http[1].fault).toEqual({ delay: { fixedDelay: '250ms', percentage: { value: 100 } } });
  });

  test('a fault can delay and abort, with fractional percentages', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/chaos') }],
      destinations: [{ version: 'v2' }],
      fault: { delay: { fixedDelay: Duration.millis(1500), percentage: 0.5 }, abort: { httpStatus: 500, percentage: 12.25 } },
    });
    // THEN
    expect((await httpRoutes(chart))[0].fault).toEqual({
      delay: { fixedDelay: '1500ms', percentage: { value: 0.5 } },
      abort: { httpStatus: 500, percentage: { value: 12.25 } },
    });
  });
});

describe('boundaries', () => {
  describe('fault abort httpStatus (200–599)', () => {
    test.each([200, 599])('status %p is accepted', async (httpStatus) => {
      const { chart, reviews } = setup();
      reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/f') }], destinations: [{ version: 'v2' }], fault: { abort: { httpStatus } } });
      expect((await httpRoutes(chart))[0].fault).toEqual({ abort: { httpStatus, percentage: { value: 100 } } });
    });

    test.each([199, 600, 503.5])('status %p fails', (httpStatus) => {
      const { reviews } = setup();
      expect(() => reviews.addRoute({ destinations: [{ version: 'v2' }], fault: { abort: { httpStatus } } }))
        .toThrow(`${REVIEWS} routes[0]: 'fault.abort.httpStatus' must be an integer between 200 and 599, got ${httpStatus}`);
    });
  });
});
