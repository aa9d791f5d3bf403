/**
 * A canary handed off to Flagger (provider `istio`). Flagger then owns, for the service `<svc>`
 * and the target Deployment `<target>` (pkg/router/kubernetes_default.go, istio.go,
 * pkg/canary/deployment_controller.go of Flagger v1.44.0):
 * - the Services `<svc>` (it rewrites the ports and selector of an existing one), `<svc>-primary`
 *   and `<svc>-canary`, one port each, selecting its selector label;
 * - the VirtualService `<svc>` (hosts `<svc>` and `spec.service.hosts`) and the DestinationRules
 *   `<svc>-primary` and `<svc>-canary` (`spec.service.trafficPolicy`, no subsets);
 * - the Deployment `<target>-primary`: a copy of the target whose pod labels are the target's
 *   with the selector label's value suffixed `-primary`, and whose selector is that label alone.
 * So the library emits, for the service, none of those: the canary version's Deployment is the
 * target (the desired state Flagger promotes), the stable version's is left out (Flagger's primary
 * runs it), and a Flagger `Canary` carries what the library would have written into them.
 *
 * The target is selected by `app.kubernetes.io/name` (one of Flagger's default selector labels):
 * the primary's pods then keep `app: <svc>` unchanged, so the service's AuthorizationPolicy,
 * PeerAuthentication, RequestAuthentication and Sidecar (which select `app`) select both the
 * primary's and the canary's pods.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { optionProblems, OPTIONS } from './options';
import { renderServiceSpec, portProblems, serviceSpecProblems } from './service-spec';
import { FlaggerOptions, FlaggerWebhookType } from '../../flagger';
import { Canary as FlaggerCanary, CanarySpec, CanarySpecProvider, CanarySpecTargetRefKind } from '../../imports/flagger.app';
import { CanaryModel } from '../../model/canary';
import { HandOff, versionWorkload } from '../../model/hand-off';
import { MeshModel, meshModelOf } from '../../model/mesh';
import { ServiceModel } from '../../model/service';
import { flaggerDuration } from '../../private/flagger-values';
import { lazy } from '../../private/lazy';
import { renderHttpMatch } from '../../private/match-form';
import { checkFactoryTypes } from '../../private/props';
import { throwIfProblems, throwValueProblems } from '../../private/validation';
import { RoutingApi } from '../../routing-api';

/** The label Flagger selects the target's pods by (and suffixes `-primary` on the primary's). */
export const FLAGGER_SELECTOR_LABEL = 'app.kubernetes.io/name';

/** The fields of a tester match that Flagger's `analysis.match` has. */
const MATCH_FIELDS = ['headers', 'queryParams', 'sourceLabels'];

/** The hand-off to Flagger with these options (checked here: `ProgressiveDelivery.flagger` throws their problems). */
export function flaggerHandOff(options: FlaggerOptions): HandOff {
  checkFactoryTypes(options, OPTIONS);
  throwValueProblems(optionProblems(options));
  return { controller: 'flagger', apply: (scope, service, canary) => applyFlaggerHandOff(scope, service, canary, options) };
}

/** Hands the canary of `service` to Flagger: see the file comment. */
export function applyFlaggerHandOff(scope: IConstruct, service: ServiceModel, canary: CanaryModel, options: FlaggerOptions): void {
  const meshModel = meshModelOf(service.mesh)!;
  const target = versionWorkload(service, canary.canaryVersion);
  const version = service.versions.find(v => v.name === canary.canaryVersion);
  throwIfProblems(scope, [
    meshModel.backend.api !== RoutingApi.ISTIO
      ? `'delivery' Flagger runs canaries with its Istio provider here; the mesh routes with ${meshModel.backend.api} (allowed: RoutingApi.ISTIO)` : undefined,
    ...planProblems(canary, options),
    ...!service.versions.some(v => v.name === canary.stableVersion)
      ? [`'stableVersion' '${canary.stableVersion}' must be declared on service '${service.name}' before its canary is handed to Flagger`] : [],
    version === undefined ? `'canaryVersion' '${canary.canaryVersion}' must be declared on service '${service.name}' before its canary is handed to Flagger` : undefined,
    version !== undefined && (target === undefined || version.adopted)
      ? `'canaryVersion' '${canary.canaryVersion}' must be a version whose Deployment the library writes (not 'deploy: false' nor 'workload'): it is Flagger's target` : undefined,
    ...portProblems(service),
  ]);
  const apex = service.name;
  const targetName = target!.name === `${apex}-${canary.canaryVersion}` ? apex : target!.name;
  const domain = service.fqdn.slice(apex.length);
  service.handOver({
    controller: 'flagger',
    path: scope.node.path,
    service: true,
    routing: true,
    versions: [canary.stableVersion],
    hosts: [`${apex}-primary${domain}`, `${apex}-canary${domain}`],
  });
  retarget(target!, targetName, apex, options.horizontalPodAutoscaler !== undefined);

  const resource = new FlaggerCanary(scope as Construct, 'Resource', {
    metadata: { name: apex, namespace: service.namespace },
    spec: lazy(() => renderSpec(service, canary, options, targetName)),
  });
  if (service.namespaceObject) {
    resource.addDependency(service.namespaceObject);
  }
  scope.node.addValidation({
    validate: () => [
      ...serviceSpecProblems(service, canary.stableVersion, canary.canaryVersion, meshModel),
      ...nameProblems(service, meshModel, targetName),
    ],
  });
}

/**
 * The target Deployment: named after the service (unless the version named its Deployment), so
 * that its name stays the same from release to release, selected by Flagger's selector label
 * alone (a Deployment's selector cannot change, and the `version` label does at every release).
 */
function retarget(target: ApiObject, name: string, selector: string, autoscaled: boolean): void {
  if (name !== target.name) {
    target.addJsonPatch(JsonPatch.replace('/metadata/name', name));
  }
  target.addJsonPatch(JsonPatch.add('/metadata/labels/app.kubernetes.io~1name', selector));
  target.addJsonPatch(JsonPatch.replace('/spec/selector', { matchLabels: { [FLAGGER_SELECTOR_LABEL]: selector } }));
  target.addJsonPatch(JsonPatch.add('/spec/template/metadata/labels/app.kubernetes.io~1name', selector));
  if (autoscaled) {
    // the autoscaler owns the replica count: GitOps re-applying it would fight the autoscaler
    target.addJsonPatch(JsonPatch.remove('/spec/replicas'));
  }
}

/** The traffic plan from the Canary's steps or weight and Flagger's options: contradictions are problems. */
function planProblems(canary: CanaryModel, o: FlaggerOptions): Array<string | undefined> {
  const steps = canary.steps;
  const testers = canary.testerMatches;
  return [
    canary.currentStepGiven ? "'currentStep' has no meaning when Flagger runs the canary: Flagger advances through 'steps' itself; leave it out" : undefined,
    steps !== undefined && (o.stepWeight !== undefined || o.iterations !== undefined)
      ? `'steps' (${steps.join(', ')}) are Flagger's 'stepWeights': they exclude the options 'stepWeight' and 'iterations'` : undefined,
    steps !== undefined && steps.includes(0)
      ? `'steps' must be weights between 1 and 100 when Flagger runs the canary (its first step is the first weight it sends), got ${steps.join(', ')}` : undefined,
    canary.weightGiven && o.maxWeight !== undefined
      ? `'weight' (${canary.weight}) is Flagger's 'maxWeight': give it once, as 'weight' or as the option 'maxWeight' (${o.maxWeight})` : undefined,
    canary.weightGiven && o.iterations !== undefined
      ? "'weight' excludes the option 'iterations': a Blue/Green or A/B analysis sends no weighted traffic" : undefined,
    canary.weightGiven && o.iterations === undefined && o.stepWeight === undefined
      ? `'weight' (${canary.weight}) is Flagger's 'maxWeight' and needs the option 'stepWeight' (the weight added at each interval)` : undefined,
    canary.weightGiven && canary.weight === 0 ? "'weight' must be between 1 and 100 when Flagger runs the canary: it is the weight at which Flagger promotes" : undefined,
    steps === undefined && o.stepWeight === undefined && o.iterations === undefined && !canary.weightGiven
      ? "Flagger needs a traffic plan: give the Canary 'steps', or the option 'stepWeight' (weighted canary) or 'iterations' (Blue/Green, or A/B testing with 'testers')" : undefined,
    testers !== undefined && o.iterations === undefined
      ? "'testers' are Flagger's A/B testing ('analysis.match'), which needs the option 'iterations': Flagger sends matching requests to the canary and every other request to the primary" : undefined,
    ...(testers ?? []).flatMap((m, i) => Object.keys(m).filter(k => (m as any)[k] !== undefined && !MATCH_FIELDS.includes(k))
      .map(k => `'testers' match ${i} has '${k}': Flagger's 'analysis.match' matches on ${MATCH_FIELDS.join(', ')}`)),
    canary.mirrorPercentage !== undefined && (!Number.isInteger(canary.mirrorPercentage) || canary.mirrorPercentage < 1)
      ? `'mirrorPercentage' must be an integer between 1 and 100 when Flagger runs the canary (its 'mirrorWeight'), got ${canary.mirrorPercentage}` : undefined,
    canary.mirrorPercentage !== undefined && testers !== undefined
      ? "'mirrorPercentage' and 'testers' exclude each other when Flagger runs the canary: its A/B routes carry no mirror" : undefined,
  ];
}

/** Flagger's objects must not collide with other services of the mesh. */
function nameProblems(service: ServiceModel, meshModel: MeshModel, targetName: string): string[] {
  const services = [`${service.name}-primary`, `${service.name}-canary`]
    .filter(n => meshModel.findService(n, service.namespace) !== undefined)
    .map(n => `Flagger creates the Service '${n}' for service '${service.name}', but the mesh declares a service of that name in namespace '${service.namespace}'`);
  const primary = `${targetName}-primary`;
  const deployments = meshModel.services.filter(s => s !== service && s.namespace === service.namespace
    && s.versions.some(v => v.workload?.name === primary))
    .map(s => `Flagger creates the Deployment '${primary}' for service '${service.name}', but service '${s.name}' writes a Deployment of that name`);
  return [...services, ...deployments];
}

function renderSpec(service: ServiceModel, canary: CanaryModel, o: FlaggerOptions, targetName: string): CanarySpec {
  const steps = canary.steps;
  return {
    provider: CanarySpecProvider.ISTIO,
    targetRef: { apiVersion: 'apps/v1', kind: CanarySpecTargetRefKind.DEPLOYMENT, name: targetName },
    autoscalerRef: o.horizontalPodAutoscaler !== undefined
      ? { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' as any, name: o.horizontalPodAutoscaler } : undefined,
    progressDeadlineSeconds: o.progressDeadline?.toSeconds(),
    skipAnalysis: o.skipAnalysis,
    revertOnDeletion: o.revertOnDeletion,
    service: renderServiceSpec(service) as CanarySpec['service'],
    analysis: {
      interval: o.interval !== undefined ? flaggerDuration(o.interval) : '1m',
      threshold: o.threshold ?? 5,
      iterations: o.iterations,
      stepWeights: steps && [...steps],
      stepWeight: o.stepWeight,
      maxWeight: o.maxWeight ?? (canary.weightGiven ? canary.weight : undefined),
      stepWeightPromotion: o.stepWeightPromotion,
      match: canary.testerMatches?.map(m => {
        const rendered = renderHttpMatch(m) as any;
        return { headers: rendered.headers, queryParams: rendered.queryParams, sourceLabels: rendered.sourceLabels };
      }),
      mirror: canary.mirrorPercentage !== undefined ? true : undefined,
      mirrorWeight: canary.mirrorPercentage,
      metrics: o.metrics?.map(m => m._toFlagger()) as any,
      webhooks: o.webhooks?.map(w => ({
        name: w.name,
        type: (w.type ?? FlaggerWebhookType.ROLLOUT) as string as any,
        url: w.url,
        timeout: w.timeout && flaggerDuration(w.timeout),
        retries: w.retries,
        muteAlert: w.muteAlert,
        metadata: w.metadata && { ...w.metadata },
      })),
    },
  };
}
