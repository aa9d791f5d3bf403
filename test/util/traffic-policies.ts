import { Chart, Testing } from 'cdk8s';
import { findAll, findObject, synthValid } from './validate';
import { Mesh, MeshProps, MeshServiceOptions } from '../../src';

/*
 * Helpers of the traffic policy tests (traffic-policy, load-balancer, locality, client-tls,
 * connection-pool and outlier-detection .test.ts).
 */

export const SERVICE = 'test/mesh/reviews';

export function setup(props: MeshProps = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const mesh = new Mesh(chart, 'mesh', props);
  return { chart, mesh };
}

/** `reviews` with one HTTP port (9080) and versions v1 and v2. */
export function reviews(mesh: Mesh, options: MeshServiceOptions = {}) {
  return mesh.addService('reviews', {
    ports: [{ port: 9080 }],
    versions: [{ name: 'v1', image: 'example/reviews:v1' }, { name: 'v2', image: 'example/reviews:v2' }],
    ...options,
  });
}

/** Synthesizes and validates the chart; returns the spec of the host's only DestinationRule. */
export async function destinationRule(chart: Chart, name = 'reviews'): Promise<any> {
  const objects = await synthValid(chart);
  const rules = findAll(objects, 'DestinationRule');
  expect(rules.map(r => r.metadata.name)).toEqual([name]);
  return findObject(objects, 'DestinationRule', name, 'default').spec;
}
