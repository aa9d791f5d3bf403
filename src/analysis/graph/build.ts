/**
 * A mesh diagram from manifests: the analysis model read into nodes (builder.ts), routing edges
 * (routes.ts) and allowed callers (callers.ts).
 */
import { GraphBuilder } from './builder';
import { allowedCallers } from './callers';
import { gatewayApiRoutes, istioRoutes } from './routes';
import { GraphData } from './types';
import { Model } from '../model';
import { resolveOptions } from '../types';

/** What to assume about the cluster the manifests are for. */
export interface GraphOptions {
  readonly rootNamespace?: string;
  readonly clusterDomain?: string;
  readonly assumeInjected?: boolean;
  readonly meshConfig?: string;
  readonly clusterObjects?: readonly any[];
}

/** A diagram of the manifests. */
export function buildGraph(manifests: readonly any[], options: GraphOptions = {}): GraphData {
  const model = new Model(manifests, resolveOptions({ ...options, assumeDefaultGateways: false }));
  const graph = new GraphBuilder(model);
  graph.addGateways();
  graph.addServices();
  istioRoutes(graph);
  gatewayApiRoutes(graph);
  graph.addGatewayServices();
  allowedCallers(graph);
  return graph.result();
}
