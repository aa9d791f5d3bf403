import { Duration } from 'cdk8s';
import { StringMatch } from '../src';
import { httpRoutes, setup } from './util/routes';

describe('route policies', () => {
  test('a CORS policy renders every field', async () => {
    // GIVEN
    const { chart, reviews } = setup();
    // WHEN
    reviews.addRoute({
      matches: [{ uri: StringMatch.prefix('/api') }],
      destinations: [{ version: 'v2' }],
      corsPolicy: {
        allowOrigins: [StringMatch.exact('https://example.com'), StringMatch.regex('https://.*\\.example\\.org')],
        allowMethods: ['GET', 'POST'],
        allowHeaders: ['authorization', 'content-type'],
        exposeHeaders: ['x-request-id'],
        maxAge: Duration.hours(24),
        allowCredentials: true,
      },
    });
    // THEN
    expect((await httpRoutes(chart))[0].corsPolicy).toEqual({
      allowOrigins: [{ exact: 'https://example.com' }, { regex: 'https://.*\\.example\\.org' }],
      allowMethods: ['GET', 'POST'],
      allowHeaders: ['authorization', 'content-type'],
      exposeHeaders: ['x-request-id'],
      maxAge: '24h',
      allowCredentials: true,
    });
  });
});
