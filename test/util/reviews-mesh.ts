import { Chart, Testing } from 'cdk8s';
import { Mesh } from '../../src';

/**
 * The fixture of the route tests: chart `test` with mesh `mesh` and the service `reviews` (HTTP
 * port 9080, the given versions, `example/reviews:<version>` images; the first is the default).
 */
export function reviewsMesh(versions: string[] = ['v1', 'v2']) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const mesh = new Mesh(chart, 'mesh');
  const reviews = mesh.addService('reviews', {
    ports: [{ port: 9080 }],
    versions: versions.map(name => ({ name, image: `example/reviews:${name}` })),
  });
  return { app, chart, mesh, reviews };
}
