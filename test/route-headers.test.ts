import { StringMatch } from '../src';
import { httpRoutes, setup } from './util/routes';

describe('route policies', () => {
  test('request and response header operations render', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/api') }],
      destinations: [{ version: 'v2' }],
      headers: {
        request: { set: { 'x-version': 'v2', 'host': 'reviews-v2' }, add: { 'x-forwarded-by': '%HOSTNAME%' }, remove: ['x-debug'] },
        response: { set: { 'cache-control': 'no-store' }, add: { 'x-discount': '100%%' }, remove: ['server', 'x-envoy-upstream-service-time'] },
      },
    });
    // THEN
    expect((await httpRoutes(chart))[0].headers).toEqual({
      request: { set: { 'x-version': 'v2', 'host': 'reviews-v2' }, add: { 'x-forwarded-by': '%HOSTNAME%' }, remove: ['x-debug'] },
      response: { set: { 'cache-control': 'no-store' }, add: { 'x-discount': '100%%' }, remove: ['server', 'x-envoy-upstream-service-time'] },
    });
  });
});
