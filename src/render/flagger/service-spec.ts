/**
 * What the library would have written into a service's routing objects, as the `spec.service` of
 * a Flagger Canary (Flagger then writes them: its Services, its VirtualService and its
 * DestinationRules), and what of it Flagger cannot carry: each a problem naming the construct,
 * the prop, the value and what Flagger allows.
 */
import { HttpRouteOptions } from '../../http-route';
import { FLAGGER_CANARY_SCHEMA } from '../../imports/flagger-schema';
import { toJson_DestinationRuleSpecTrafficPolicy, toJson_VirtualServiceSpecHttp } from '../../imports/networking.istio.io';
import { MeshModel } from '../../model/mesh';
import { entryDestinations } from '../../model/route-targets';
import { ServiceModel } from '../../model/service';
import { Protocol } from '../../protocol';
import { renderHttpRouteOptions } from '../istio/routes';
import { renderTopPolicy } from '../istio/traffic-policy';

/** The schema of the Canary's `spec.service`, as Flagger's CRD gives it. */
const SERVICE_SCHEMA = FLAGGER_CANARY_SCHEMA.properties.spec.properties.service;

/** The route fields Flagger copies from `spec.service` into each route of its VirtualService. */
const ROUTE_FIELDS = ['timeout', 'retries', 'headers', 'corsPolicy', 'rewrite'] as const;

/** The protocols of ports Flagger routes: HTTP ones with an `http` route, TCP with a `tcp` route (`appProtocol: tcp`). */
const HTTP_PROTOCOLS: readonly Protocol[] = [Protocol.HTTP, Protocol.HTTP2, Protocol.GRPC, Protocol.GRPC_WEB];

/** The Canary's `spec.service` for `service`; its problems are `serviceSpecProblems`. */
export function renderServiceSpec(service: ServiceModel): { [key: string]: any } {
  const port = service.ports[0];
  const route = service.routes.httpEntries[0]?.options;
  const rendered = route && renderHttpRouteOptions(service.host, service.namespace, route);
  return {
    name: service.name,
    port: port.port,
    portName: port.name,
    targetPort: port.targetPort,
    appProtocol: port.protocol === Protocol.TCP ? 'tcp' : undefined,
    trafficPolicy: renderTopPolicy(service.policies),
    ...Object.fromEntries(ROUTE_FIELDS.map(f => [f, rendered?.[f]])),
  };
}

/** What keeps the service's ports from Flagger's Services (checked when the canary is handed off). */
export function portProblems(service: ServiceModel): string[] {
  const ports = service.ports;
  if (ports.length !== 1) {
    return [`Flagger's Services have one port ('spec.service.port'), service '${service.name}' has ${ports.length}${ports.length > 0 ? ` (${ports.map(p => p.port).join(', ')})` : ''}: give it one port, or keep the static canary`];
  }
  const protocol = ports[0].protocol;
  return HTTP_PROTOCOLS.includes(protocol) || protocol === Protocol.TCP ? [] : [
    `port ${ports[0].port} of service '${service.name}' is ${protocol}: Flagger's Istio VirtualService routes HTTP or TCP (allowed: ${[...HTTP_PROTOCOLS, Protocol.TCP].join(', ')})`,
  ];
}

/**
 * What of the service (as it is at synthesis: routes, policies and versions may be added after
 * the canary) Flagger cannot carry, and what elsewhere in the mesh depends on objects Flagger
 * replaces: routes to a version of the service.
 */
export function serviceSpecProblems(service: ServiceModel, stable: string, canary: string, meshModel: MeshModel): string[] {
  const name = service.name;
  const others = service.versions.map(v => v.name).filter(v => v !== stable && v !== canary);
  const problems: string[] = [];
  if (others.length > 0) {
    problems.push(`service '${name}' has versions besides '${stable}' and '${canary}' (${others.join(', ')}): Flagger runs one primary and one canary; remove them, or keep the static canary`);
  }
  if (service.exportTo !== undefined) {
    problems.push(`service '${name}' has 'exportTo' (${service.exportTo.join(', ')}): Flagger's VirtualService and DestinationRules are visible mesh-wide; leave 'exportTo' out`);
  }
  problems.push(...routeProblems(service));
  problems.push(...policyProblems(service));
  problems.push(...versionRouteProblems(service, meshModel));
  return problems;
}

function routeProblems(service: ServiceModel): string[] {
  const routes = service.routes;
  const name = service.name;
  const problems: string[] = [];
  if (routes.tcpEntries.length + routes.tlsEntries.length > 0) {
    problems.push(`service '${name}' has TCP or TLS routes: Flagger's VirtualService has only its own route; remove them`);
  }
  const http = routes.httpEntries;
  if (http.length > 1) {
    problems.push(`service '${name}' has ${http.length} HTTP routes (${http.map(e => e.label).join(', ')}): Flagger's VirtualService has one route, which can carry one route's ${ROUTE_FIELDS.join(', ')}`);
    return problems;
  }
  if (http.length === 1) {
    problems.push(...singleRouteProblems(service, http[0].label, http[0].options));
  }
  return problems;
}

/** A service's one route: it may only give what Flagger copies into its route. */
function singleRouteProblems(service: ServiceModel, label: string, o: HttpRouteOptions): string[] {
  const where = `${label} of service '${service.name}'`;
  const allowed = `Flagger's route carries only ${ROUTE_FIELDS.join(', ')}`;
  const given = (Object.keys(o) as Array<keyof HttpRouteOptions>).filter(k => o[k] !== undefined && k !== 'name');
  const unsupported = given.filter(k => !(ROUTE_FIELDS as readonly string[]).includes(k));
  const problems = unsupported.map(k => k === 'matches'
    ? `${where} has 'matches': Flagger's route would answer only matching requests (others get no route), where the library sends them to the default route; ${allowed}`
    : `${where} has '${k}': ${allowed}`);
  // as written (the bindings' property names are not always the wire names)
  const rendered = toJson_VirtualServiceSpecHttp(renderHttpRouteOptions(service.host, service.namespace, o)) ?? {};
  for (const field of ROUTE_FIELDS) {
    for (const path of fieldsOutside(rendered[field], SERVICE_SCHEMA.properties[field], field)) {
      problems.push(`${where} sets '${path}', which Flagger's 'spec.service.${field}' does not have`);
    }
  }
  return problems;
}

function policyProblems(service: ServiceModel): string[] {
  const name = service.name;
  const scoped = service.policies.all().filter(e => e.scope.version !== undefined || e.scope.port !== undefined);
  const problems = [...new Set(scoped.map(e => e.scope.version !== undefined
    ? `service '${name}' has traffic policy for version '${e.scope.version}' (${e.field}): Flagger gives its primary and canary one traffic policy ('spec.service.trafficPolicy'); set it for the whole service`
    : `service '${name}' has traffic policy for port ${e.scope.port} (${e.field}): Flagger's 'spec.service.trafficPolicy' has no port-level settings; set it for the whole service`))];
  if (problems.length > 0) return problems;
  const policy = toJson_DestinationRuleSpecTrafficPolicy(renderTopPolicy(service.policies));
  return fieldsOutside(policy, SERVICE_SCHEMA.properties.trafficPolicy, 'trafficPolicy').map(path =>
    `service '${name}' has traffic policy '${path}', which Flagger's 'spec.service.trafficPolicy' does not have`);
}

/** Routes elsewhere in the mesh that send to a version of the service: its subsets are gone, Flagger's hosts replace them. */
function versionRouteProblems(service: ServiceModel, meshModel: MeshModel): string[] {
  const tables = [
    ...meshModel.services.filter(s => s !== service).map(s => ({ owner: `service '${s.name}'`, table: s.routes })),
    ...meshModel.gateways.flatMap(g => g.groups.map(group => ({ owner: `gateway '${g.name}'`, table: group.table }))),
  ];
  const problems: string[] = [];
  for (const { owner, table } of tables) {
    const entries = [...table.httpEntries, ...table.tcpEntries, ...table.tlsEntries];
    for (const entry of entries) {
      const versions = entryDestinations(entry.options).filter(d => (d.host ?? table.owner) === service.host && d.version !== undefined);
      for (const d of versions) {
        problems.push(`${entry.label} of ${owner} sends to version '${d.version}' of service '${service.name}', whose subsets Flagger replaces: route to the service itself`);
      }
    }
  }
  return [...new Set(problems)];
}

/**
 * The paths of the fields of `value` that the CRD schema `schema` does not have (objects with
 * `properties` only; maps and open objects take anything).
 */
export function fieldsOutside(value: unknown, schema: any, path: string): string[] {
  if (value === undefined || value === null || schema === undefined) return [];
  if (Array.isArray(value)) {
    return schema.items ? value.flatMap((v, i) => fieldsOutside(v, schema.items, `${path}[${i}]`)) : [];
  }
  if (typeof value !== 'object' || !schema.properties || schema['x-kubernetes-preserve-unknown-fields']) return [];
  return Object.entries(value as { [k: string]: unknown }).filter(([, v]) => v !== undefined).flatMap(([k, v]) =>
    schema.properties[k] === undefined ? [`${path}.${k}`] : fieldsOutside(v, schema.properties[k], `${path}.${k}`));
}
