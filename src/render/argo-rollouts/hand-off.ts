/**
 * The hand-off of a canary to Argo Rollouts: checks the canary, the service and the options, hands
 * the stable version's Deployment over (`ServiceModel.handOver`, with the subsets the Rollout moves
 * traffic between), scales the canary version's Deployment to 0, and writes the Rollout and the
 * DestinationRule of its two subsets.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import { renderRolloutDestinationRule, renderRolloutSpec, RolloutInput } from './rollout';
import { ArgoRolloutsOptions } from '../../argo-rollouts';
import { Rollout } from '../../imports/argoproj.io';
import { DestinationRule } from '../../imports/networking.istio.io';
import { CanaryModel } from '../../model/canary';
import { HandOff, versionWorkload } from '../../model/hand-off';
import { SubsetRouting } from '../../model/handed-off';
import { meshModelOf } from '../../model/mesh';
import { RouteTable } from '../../model/route-table';
import { routeTargets } from '../../model/route-targets';
import { routesInMesh, ServiceModel } from '../../model/service';
import { lazy } from '../../private/lazy';
import { routeKindOf, RouteKind } from '../../private/protocol';
import { dnsLabelProblem, dnsSubdomainProblem, int32Problem, integerProblem, listOf, throwIfProblems } from '../../private/validation';
import { RoutingApi } from '../../routing-api';

/** The default route's name: what the Rollout names in `virtualService.routes`. */
export const ARGO_ROUTE_NAME = 'canary';
/** The managed route of the mirror phase. */
export const ARGO_MIRROR_ROUTE_NAME = 'canary-mirror';
/** The annotation Argo Rollouts writes on the DestinationRule it edits (emitted as it writes it). */
export const ARGO_MANAGED_BY = 'argo-rollouts.argoproj.io/managed-by-rollouts';
/** The longest pause Argo Rollouts reads (it counts the seconds in an int32). */
const INT32_MAX = 2_147_483_647;

/** The hand-off to Argo Rollouts. */
export function argoRolloutsHandOff(options: ArgoRolloutsOptions): HandOff {
  return { controller: 'argo-rollouts', apply: (scope, service, canary) => applyArgoRollouts(scope, service, canary, options) };
}

function applyArgoRollouts(scope: IConstruct, service: ServiceModel, canary: CanaryModel, options: ArgoRolloutsOptions): void {
  const stableSubset = options.stableSubsetName ?? 'stable';
  const canarySubset = options.canarySubsetName ?? 'canary';
  const weights = canary.steps ?? (canary.weightGiven ? [canary.weight] : []);
  const httpPorts = service.ports.filter(p => routeKindOf(p.protocol) === RouteKind.HTTP);
  throwIfProblems(scope, [
    service.mesh.routingApi !== RoutingApi.ISTIO
      ? `'delivery' Argo Rollouts moves traffic through an Istio VirtualService: the mesh's 'routingApi' must be ISTIO, got ${service.mesh.routingApi}` : undefined,
    !routesInMesh(service)
      ? `'delivery' Argo Rollouts moves traffic through the service's VirtualService: service '${service.name}' has 'DefaultRouting.none()', which emits none` : undefined,
    service.ports.length !== 1 || httpPorts.length !== 1
      ? `'delivery' Argo Rollouts sets the weights of one HTTP route: service '${service.name}' must have exactly one HTTP port, got ${service.ports.length === 0 ? 'none' : service.ports.map(p => `${p.port} ${p.protocol}`).join(', ')}` : undefined,
    canary.steps === undefined && !canary.weightGiven
      ? "'delivery' Argo Rollouts needs the canary's 'steps' (or 'weight'): without a step it promotes a new version at once" : undefined,
    canary.currentStepGiven
      ? "'currentStep' is for the static mode: Argo Rollouts moves through the 'steps' itself (remove 'currentStep')" : undefined,
    canary.mirrorPercentage !== undefined && !Number.isInteger(canary.mirrorPercentage)
      ? `'mirrorPercentage' must be a whole percentage with Argo Rollouts (its setMirrorRoute step takes an integer), got ${canary.mirrorPercentage}` : undefined,
    ...optionProblems(options, weights.length),
    dnsLabelProblem('delivery.stableSubsetName', stableSubset),
    dnsLabelProblem('delivery.canarySubsetName', canarySubset),
    stableSubset === canarySubset ? `'delivery.canarySubsetName' must differ from 'delivery.stableSubsetName', both are '${stableSubset}'` : undefined,
  ]);

  const routing: SubsetRouting = {
    routeName: ARGO_ROUTE_NAME,
    stableSubset,
    canarySubset,
    destinationRule: `${service.objectNames.destinationRule}-rollout`,
  };
  // the stable version's pods are the Rollout's stable ReplicaSet: its own Deployment goes
  service.handOver({
    controller: 'argo-rollouts',
    path: scope.node.path,
    service: false,
    routing: false,
    versions: [canary.stableVersion],
    hosts: [],
    subsetRouting: routing,
  });

  const declared = service.versions.find(v => v.name === canary.canaryVersion);
  if (declared?.workload && !declared.adopted) {
    scaleToZero(declared.workload);
  }
  const host = service.host.hostFrom(service.namespace);
  new DestinationRule(scope, 'DestinationRule', {
    metadata: { name: routing.destinationRule, namespace: service.namespace, annotations: { [ARGO_MANAGED_BY]: service.name } },
    spec: renderRolloutDestinationRule(host, service.exportTo, service.podSelector, routing),
  });
  const input = (): RolloutInput => {
    const workload = versionWorkload(service, canary.canaryVersion)!;
    return {
      podSelector: service.podSelector,
      deploymentName: workload.metadata.name!,
      replicas: options.replicas ?? canaryReplicas.get(workload) ?? 1,
      weights,
      pauseSeconds: options.pause?.toSeconds(),
      mirrorPercentage: canary.mirrorPercentage,
      mirrorRouteName: ARGO_MIRROR_ROUTE_NAME,
      virtualService: service.objectNames.virtualService,
      routing,
      analysis: options.analysis && {
        templates: options.analysis.templates,
        clusterScope: options.analysis.clusterScope ?? false,
        args: options.analysis.args ?? {},
        startingWeight: options.analysis.startingStep,
      },
      maxSurge: options.maxSurge,
      maxUnavailable: options.maxUnavailable,
      dynamicStableScale: options.dynamicStableScale,
      scaleDownDelaySeconds: options.scaleDownDelaySeconds,
      abortScaleDownDelaySeconds: options.abortScaleDownDelaySeconds,
    };
  };
  new Rollout(scope, 'Rollout', {
    metadata: { name: service.name, namespace: service.namespace },
    spec: lazy(() => renderRolloutSpec(input())),
  });
  scope.node.addValidation({ validate: () => versionProblems(service, canary, routing) });
}

/** The replicas the canary version's Deployment had before it was scaled to 0 for the Rollout. */
const canaryReplicas = new WeakMap<object, number>();

/**
 * The checks that need the versions and routes declared after the canary: the canary version has
 * a Deployment of the library's (scaled to 0: the Rollout runs its pod template); no route names
 * the canary's two versions, whose subsets the Rollout's replace; no version takes a subset's name.
 */
function versionProblems(service: ServiceModel, canary: CanaryModel, routing: SubsetRouting): string[] {
  const problems: string[] = [];
  const version = service.versions.find(v => v.name === canary.canaryVersion);
  const workload = versionWorkload(service, canary.canaryVersion);
  if (version && (workload === undefined || version.adopted)) {
    problems.push(`'canaryVersion' '${canary.canaryVersion}' must be deployed by the library for Argo Rollouts (the Rollout runs its Deployment's pod template): it has ${workload ? "an adopted 'workload'" : "'deploy: false'"}`);
  } else if (workload) {
    // a version declared after the canary
    scaleToZero(workload);
  }
  for (const subset of [routing.stableSubset, routing.canarySubset]) {
    if (service.versions.some(v => v.name === subset)) {
      const prop = subset === routing.stableSubset ? 'stableSubsetName' : 'canarySubsetName';
      problems.push(`'delivery.${prop}' '${subset}' is the name of a version of service '${service.name}': the subsets of the versions and of the Rollout share the host (versions: ${listOf(service.versions.map(v => v.name))})`);
    }
  }
  const names = [canary.stableVersion, canary.canaryVersion];
  const mesh = meshModelOf(service.mesh);
  const tables: Array<{ table: RouteTable; where: string }> = [
    ...(mesh?.services ?? [service]).map(s => ({ table: s.routes, where: s === service ? 'its own routes' : `the routes of service '${s.name}'` })),
    ...(mesh?.gateways ?? []).flatMap(g => g.groups.map(group => ({ table: group.table, where: `the routes of gateway '${g.name}'` }))),
  ];
  for (const { table, where } of tables) {
    for (const name of versionsNamed(table, service, names)) {
      problems.push(`'delivery' Argo Rollouts replaces the subsets of versions ${names.join(' and ')} by '${routing.stableSubset}' and '${routing.canarySubset}', but ${where} send to version '${name}' of service '${service.name}': route to the service without a version`);
    }
  }
  return problems;
}

/**
 * Scales the canary version's Deployment to 0 (once): the Rollout runs its pod template, and Argo
 * Rollouts leaves it alone (`scaleDown: never`), so the manifest is what runs.
 */
function scaleToZero(workload: ApiObject): void {
  if (canaryReplicas.has(workload)) return;
  // the Deployment construct of cdk8s-plus owns the ApiObject
  const replicas = (workload.node.scope as { replicas?: unknown } | undefined)?.replicas;
  canaryReplicas.set(workload, typeof replicas === 'number' ? replicas : 1);
  workload.addJsonPatch(JsonPatch.replace('/spec/replicas', 0));
}

/** The versions of `service` among `names` that the routes of `table` send or mirror to. */
function versionsNamed(table: RouteTable, service: ServiceModel, names: string[]): string[] {
  const found = routeTargets(table)
    .filter(t => t.host === service.host && t.version !== undefined && names.includes(t.version))
    .map(t => t.version!);
  return [...new Set(found)];
}

function optionProblems(options: ArgoRolloutsOptions, steps: number): Array<string | undefined> {
  const pause = options.pause;
  const seconds = pause?.toMilliseconds({ integral: false });
  const analysis = options.analysis;
  return [
    seconds !== undefined && (!Number.isInteger(seconds / 1000) || seconds < 1000 || seconds / 1000 > INT32_MAX)
      ? `'delivery.pause' must be a whole number of seconds between 1 and ${INT32_MAX} (Argo Rollouts counts them in an int32), got ${seconds}ms` : undefined,
    int32Problem('delivery.replicas', options.replicas, 0),
    int32Problem('delivery.maxSurge', options.maxSurge, 0),
    int32Problem('delivery.maxUnavailable', options.maxUnavailable, 0),
    options.maxSurge === 0 && options.maxUnavailable === 0
      ? "'delivery.maxSurge' and 'delivery.maxUnavailable' must not both be 0: the rollout could never replace a pod" : undefined,
    int32Problem('delivery.scaleDownDelaySeconds', options.scaleDownDelaySeconds, 0),
    int32Problem('delivery.abortScaleDownDelaySeconds', options.abortScaleDownDelaySeconds, 0),
    options.dynamicStableScale && options.scaleDownDelaySeconds !== undefined
      ? "'delivery.dynamicStableScale' and 'delivery.scaleDownDelaySeconds' exclude each other: with dynamic scaling the stable pods go as traffic leaves them" : undefined,
    ...analysis ? [
      analysis.templates.length === 0 ? "'delivery.analysis.templates' must name at least one AnalysisTemplate" : undefined,
      ...analysis.templates.map((t, i) => dnsSubdomainProblem(`delivery.analysis.templates[${i}]`, t)),
      ...analysis.templates.filter((t, i) => analysis.templates.indexOf(t) !== i)
        .map(t => `'delivery.analysis.templates' names '${t}' twice`),
      ...Object.keys(analysis.args ?? {}).filter(k => k.length === 0).map(() => "'delivery.analysis.args' must not have an empty name"),
      steps > 0 ? integerProblem('delivery.analysis.startingStep', analysis.startingStep, 0, steps - 1) : undefined,
    ] : [],
  ];
}
