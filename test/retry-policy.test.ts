import { Duration } from 'cdk8s';
import { RetryOn, StringMatch } from '../src';
import { httpRoutes, REVIEWS, setup, virtualService } from './util/routes';
import { exactly } from './util/validate';

describe('route policies', () => {
  test('retries render attempts, perTryTimeout, retryOn joined with commas, and remote localities', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/api') }],
      destinations: [{ version: 'v2' }],
      retries: {
        attempts: 3,
        perTryTimeout: Duration.millis(250),
        retryOn: [RetryOn.GATEWAY_ERROR, RetryOn.CONNECT_FAILURE, RetryOn.REFUSED_STREAM],
        retryRemoteLocalities: true,
      },
    });
    // THEN
    expect((await httpRoutes(chart))[0].retries).toEqual({
      attempts: 3, perTryTimeout: '250ms', retryOn: 'gateway-error,connect-failure,refused-stream', retryRemoteLocalities: true,
    });
  });

  test('a single retryOn condition renders without a comma; attempts 0 disables retries', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/a') }], destinations: [{ version: 'v2' }], retries: { attempts: 2, retryOn: [RetryOn.FIVE_XX] } });
    reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/b') }], destinations: [{ version: 'v2' }], retries: { attempts: 0 } });
    // THEN
    const http = await httpRoutes(chart);
    expect(http[0].retries).toEqual({ attempts: 2, retryOn: '5xx' });
    expect(http[1].retries).toEqual({ attempts: 0 });
  });
});

describe('boundaries', () => {
  describe('retries.attempts (0–1000)', () => {
    test.each([0, 1000])('attempts %p is accepted', async (attempts) => {
      const { chart, reviews } = setup();
      reviews.addRoute({ matches: [{ uri: StringMatch.prefix('/r') }], destinations: [{ version: 'v2' }], retries: { attempts } });
      expect((await httpRoutes(chart))[0].retries).toEqual({ attempts });
    });

    test.each([-1, 1001, 2.5])('attempts %p fails', (attempts) => {
      const { reviews } = setup();
      expect(() => reviews.addRoute({ destinations: [{ version: 'v2' }], retries: { attempts } }))
        .toThrow(`${REVIEWS} routes[0]: 'retries.attempts' must be an integer between 0 and 1000, got ${attempts}`);
    });
  });
});

describe('route follow-ups', () => {
  test('retried status codes are appended to retryOn', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      retries: { attempts: 2, retryOn: [RetryOn.RETRIABLE_STATUS_CODES, RetryOn.RESET_BEFORE_REQUEST], retryOnStatusCodes: [503, 429] },
    });
    // THEN
    expect((await virtualService(chart)).http[0].retries).toEqual({ attempts: 2, retryOn: 'retriable-status-codes,reset-before-request,503,429' });
  });

  test.each([99, 104, 199, 209, 225, 227, 306, 309, 419, 420, 427, 430, 432, 450, 452, 499, 509, 512, 520, 599, 600, 503.5])(
    'a retried status code Go does not know, %p, fails', code => {
      const { reviews } = setup();
      expect(() => reviews.addRoute({ retries: { attempts: 2, retryOnStatusCodes: [code] } })).toThrow(exactly(
        `[test/mesh/reviews] routes[0]: 'retries.retryOnStatusCodes[0]' must be an HTTP status code Go's net/http knows (100–103, 200–208, 226, 300–305, 307, 308, 400–418, 421–426, 428, 429, 431, 451, 500–508, 510, 511): Istio refuses others, got ${code}`));
    });

  test.each([100, 103, 200, 208, 226, 305, 307, 308, 400, 418, 421, 426, 428, 429, 431, 451, 500, 508, 510, 511])('a retried status code of %p is accepted', async (code) => {
    const { chart, reviews } = setup();
    reviews.addRoute({ retries: { attempts: 1, retryOnStatusCodes: [code] } });
    expect((await virtualService(chart)).http[0].retries.retryOn).toBe(String(code));
  });
});
