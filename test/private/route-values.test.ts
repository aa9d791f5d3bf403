import { HttpRouteOptions } from '../../src';
import { reviewsMesh } from '../util/reviews-mesh';
import { exactly, findObject, synthValid } from '../util/validate';

/** A mesh with `reviews` (HTTP port 9080, versions v1 and v2). */
function setup() {
  const { chart, reviews } = reviewsMesh(['v1', 'v2']);
  return { chart, reviews };
}

describe('values Istio reads as unset', () => {
  test.each<[string, HttpRouteOptions, string]>([
    ['an empty redirect URI', { redirect: { uri: '' } }, "'redirect.uri' must not be empty: Istio reads '' as unset (leave it out to keep the path)"],
    ['an empty redirect authority next to a port', { redirect: { authority: '', port: 8080 } },
      "'redirect.authority' must not be empty: Istio reads '' as unset (leave it out to keep the authority)"],
    ['an empty rewrite URI', { destinations: [{ version: 'v1' }], rewrite: { uri: '' } }, "'rewrite.uri' must not be empty: Istio reads '' as unset (leave it out to keep the URI)"],
    ['an empty rewrite authority next to a URI', { destinations: [{ version: 'v1' }], rewrite: { uri: '/x', authority: '' } },
      "'rewrite.authority' must not be empty: Istio reads '' as unset (leave it out to keep the authority)"],
  ])('%s fails when the route is added', (_, options, message) => {
    const { reviews } = setup();
    expect(() => reviews.addRoute(options)).toThrow(exactly(`[test/mesh/reviews] routes[0]: ${message}`));
  });

  test('one-character rewrite and redirect values pass', async () => {
    const { chart, reviews } = setup();
    reviews.addRoute({ name: 'moved', redirect: { uri: '/', authority: 'a' } });
    const vs = findObject(await synthValid(chart), 'VirtualService', 'reviews');
    expect(vs.spec.http[0]).toEqual({ name: 'moved', redirect: { uri: '/', authority: 'a' } });
  });
});

describe("header values, through Istio's own syntax", () => {
  test("a ')' inside a quoted variable argument ends the arguments, as Istio reads it", () => {
    const { reviews } = setup();
    expect(() => reviews.addRoute({ destinations: [{ version: 'v1' }], headers: { request: { set: { 'x-a': '%VAR(["a)b"])%' } } } }))
      .toThrow(exactly('[test/mesh/reviews] routes[0]: \'headers.request.set\' value of \'x-a\' has \'b\' where a variable expects its closing \'%\', got "%VAR([\\"a)b\\"])%"'));
  });

  test('a variable with a list of arguments passes', async () => {
    const { chart, reviews } = setup();
    reviews.addRoute({ destinations: [{ version: 'v1' }], headers: { response: { add: { 'x-a': '%VAR(["a", "b"])%' } } } });
    expect(findObject(await synthValid(chart), 'VirtualService', 'reviews').spec.http[0].headers).toEqual({ response: { add: { 'x-a': '%VAR(["a", "b"])%' } } });
  });
});
