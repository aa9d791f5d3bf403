import * as YAML from 'yaml';
import type { MeshConfigOptions } from '../../mesh-config';
import { durationProblem, toIstioDuration } from '../duration';
import { sortKeys } from '../sort-keys';
import { integerProblem } from '../validation';

/** What the mesh config takes from the Mesh and the ControlPlane rather than from the options. */
export interface MeshConfigContext {
  readonly rootNamespace: string;
  readonly trustDomain: string;
  /** `istiod[-<revision>].<namespace>.svc:15012` */
  readonly discoveryAddress: string;
}

/** Istio's default sampling percentage (the chart's `pilot.traceSampling`). */
export const DEFAULT_TRACE_SAMPLING = 1;

/** Value problems of the mesh config options, each naming its property. */
export function meshConfigProblems(o: MeshConfigOptions | undefined): string[] {
  if (!o) {
    return [];
  }
  const problems: Array<string | undefined> = [];
  if (o.accessLogFile !== undefined && !/^\/\S*[^/\s]$/.test(o.accessLogFile)) {
    problems.push(`'meshConfig.accessLogFile' must be an absolute file path such as /dev/stdout, got '${o.accessLogFile}'`);
  }
  if (o.accessLogFile === undefined) {
    for (const prop of ['accessLogEncoding', 'accessLogFormat'] as const) {
      if (o[prop] !== undefined) {
        problems.push(`'meshConfig.${prop}' needs 'meshConfig.accessLogFile': without a file Envoy writes no access log`);
      }
    }
  }
  if (o.accessLogFormat !== undefined && o.accessLogFormat.trim() === '') {
    problems.push("'meshConfig.accessLogFormat' must not be empty: leave it out for Istio's default format");
  }
  const sampling = o.tracingSampling;
  const hundredths = (sampling ?? 0) * 100;
  const twoDecimals = Math.abs(hundredths - Math.round(hundredths)) <= 1e-9;
  if (sampling !== undefined && (!Number.isFinite(sampling) || sampling < 0 || sampling > 100 || !twoDecimals)) {
    problems.push(`'meshConfig.tracingSampling' must be between 0 and 100 with at most two decimals, got ${sampling}`);
  }
  problems.push(integerProblem('meshConfig.proxyConcurrency', o.proxyConcurrency, 0, 1024));
  if (o.connectTimeout) problems.push(durationProblem('meshConfig.connectTimeout', o.connectTimeout));
  if (o.protocolDetectionTimeout) problems.push(durationProblem('meshConfig.protocolDetectionTimeout', o.protocolDetectionTimeout));
  return problems.filter((p): p is string => p !== undefined);
}

/** The mesh config as Istio reads it (keys as in MeshConfig's JSON form). Options are valid. */
export function meshConfigJson(o: MeshConfigOptions, ctx: MeshConfigContext): { [key: string]: unknown } {
  const defaultConfig: { [key: string]: unknown } = { discoveryAddress: ctx.discoveryAddress };
  if (o.proxyConcurrency !== undefined) defaultConfig.concurrency = o.proxyConcurrency;
  if (o.holdApplicationUntilProxyStarts !== undefined) defaultConfig.holdApplicationUntilProxyStarts = o.holdApplicationUntilProxyStarts;
  const mesh: { [key: string]: unknown } = {
    defaultConfig,
    defaultProviders: { metrics: ['prometheus'] },
    enablePrometheusMerge: o.enablePrometheusMerge ?? true,
    rootNamespace: ctx.rootNamespace,
    trustDomain: ctx.trustDomain,
  };
  if (o.accessLogFile !== undefined) mesh.accessLogFile = o.accessLogFile;
  if (o.accessLogEncoding !== undefined) mesh.accessLogEncoding = o.accessLogEncoding;
  if (o.accessLogFormat !== undefined) mesh.accessLogFormat = o.accessLogFormat;
  if (o.outboundTrafficPolicy !== undefined) mesh.outboundTrafficPolicy = { mode: o.outboundTrafficPolicy };
  if (o.enableAutoMtls !== undefined) mesh.enableAutoMtls = o.enableAutoMtls;
  if (o.connectTimeout) mesh.connectTimeout = toIstioDuration(o.connectTimeout);
  if (o.protocolDetectionTimeout) mesh.protocolDetectionTimeout = toIstioDuration(o.protocolDetectionTimeout);
  return mesh;
}

/** YAML with sorted keys and unindented sequences, as Helm's `toYaml` writes it. */
export function helmYaml(value: unknown): string {
  return YAML.stringify(value, { sortMapEntries: true, indentSeq: false, lineWidth: 0 }).trimEnd();
}

/** JSON with sorted keys and two-space indentation, as Go's `json.MarshalIndent` writes it. */
export function goJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2);
}

/** The mesh config keys the options set (`defaultConfig.<key>` for proxy defaults). */
export function meshConfigKeysGiven(o: MeshConfigOptions): string[] {
  const keys: Array<[unknown, string]> = [
    [o.accessLogFile, 'accessLogFile'],
    [o.accessLogEncoding, 'accessLogEncoding'],
    [o.accessLogFormat, 'accessLogFormat'],
    [o.connectTimeout, 'connectTimeout'],
    [o.proxyConcurrency, 'defaultConfig.concurrency'],
    [o.holdApplicationUntilProxyStarts, 'defaultConfig.holdApplicationUntilProxyStarts'],
    [o.enableAutoMtls, 'enableAutoMtls'],
    [o.enablePrometheusMerge, 'enablePrometheusMerge'],
    [o.outboundTrafficPolicy, 'outboundTrafficPolicy'],
    [o.protocolDetectionTimeout, 'protocolDetectionTimeout'],
  ];
  return keys.filter(([v]) => v !== undefined).map(([, k]) => k);
}
