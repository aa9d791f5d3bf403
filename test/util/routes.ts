import { Chart } from 'cdk8s';
import { reviewsMesh } from './reviews-mesh';
import { findObject, synthValid } from './validate';
import { Mesh, MeshService, Protocol } from '../../src';

/*
 * Helpers of the route tests (route, http-route, tcp-route, tls-route, route-destination, retry-policy,
 * fault-injection, route-headers and cors-policy .test.ts).
 */

export const REVIEWS = '[test/mesh/reviews]';
export const DEFAULT_ROUTE = { route: [{ destination: { host: 'reviews', subset: 'v1' } }] };

/** A mesh with `reviews` (HTTP port 9080, versions v1–v3; v1 is the default). */
export function setup() {
  const { app, chart, mesh, reviews } = reviewsMesh(['v1', 'v2', 'v3']);
  return { app, chart, mesh, reviews };
}

export interface ServiceOptions {
  readonly namespace?: string;
  readonly protocol?: Protocol;
  readonly port?: number;
  readonly versions?: string[];
}

/** A one-port service (HTTP 9080 unless told) with versions (v1 unless told). */
export function addService(mesh: Mesh, name: string, options: ServiceOptions = {}): MeshService {
  return mesh.addService(name, {
    namespace: options.namespace,
    ports: [{ port: options.port ?? 9080, protocol: options.protocol }],
    versions: (options.versions ?? ['v1']).map(v => ({ name: v, image: `example/${name}:${v}` })),
  });
}

/** Synthesizes with schema validation and returns the spec of a VirtualService. */
export async function virtualService(chart: Chart, name = 'reviews', namespace?: string): Promise<any> {
  return findObject(await synthValid(chart), 'VirtualService', name, namespace).spec;
}

/** Synthesizes with schema validation and returns the `http` routes of a VirtualService. */
export async function httpRoutes(chart: Chart, name = 'reviews', namespace?: string): Promise<any[]> {
  return (await virtualService(chart, name, namespace)).http;
}
