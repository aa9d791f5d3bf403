import { Chart, Duration, Testing } from 'cdk8s';
import {
  ArgoRolloutsOptions, Canary, CanaryProps, CanaryTesters, DefaultRouting, Gateway, GatewayServer, Mesh, MeshServicePort,
  ProgressiveDelivery, Protocol, RoutingApi, ServiceVersionProps, StringMatch,
} from '../src';
import { exactly, findAll, findObject, BUNDLED_CRDS, synthProblems, synthValid, validateAgainstCrds } from './util/validate';


/** Synthesizes and validates every object (a Rollout against the Rollout CRD's schema the repository carries). */
async function synthArgo(chart: Chart): Promise<any[]> {
  return synthValid(chart);
}

const VERSIONS: ServiceVersionProps[] = [
  { name: 'v1', image: 'example/reviews:v1' },
  { name: 'v2', image: 'example/reviews:v2', replicas: 3 },
  { name: 'v3', image: 'example/reviews:v3' },
];

function setup(ports: MeshServicePort[] = [{ port: 9080 }], routingApi?: RoutingApi) {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  const mesh = new Mesh(chart, 'mesh', { routingApi });
  const reviews = mesh.addService('reviews', { ports, versions: VERSIONS });
  return { chart, mesh, reviews };
}

/** A canary v1 → v2 of `reviews` handed to Argo Rollouts with `options`. */
function argo(options: ArgoRolloutsOptions = {}, props: Partial<CanaryProps> = {}) {
  const { chart, reviews, mesh } = setup();
  const canary = new Canary(chart, 'canary', {
    service: reviews, stableVersion: 'v1', canaryVersion: 'v2', steps: [10, 50], delivery: ProgressiveDelivery.argoRollouts(options), ...props,
  });
  return { chart, reviews, mesh, canary };
}

/** The error of handing a canary v1 → v2 with `options` (and `props`) to Argo Rollouts. */
function argoError(options: ArgoRolloutsOptions, props: Partial<CanaryProps> = {}): () => unknown {
  return () => argo(options, props);
}

async function rolloutSpec(chart: Chart): Promise<any> {
  return findObject(await synthArgo(chart), 'Rollout', 'reviews').spec;
}

const TRAFFIC_ROUTING = {
  istio: {
    virtualService: { name: 'reviews', routes: ['canary'] },
    destinationRule: { name: 'reviews-rollout', stableSubsetName: 'stable', canarySubsetName: 'canary' },
  },
};
const WORKLOAD_REF = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'reviews-v2', scaleDown: 'never' };
const ERR = '[test/canary]';

describe('Canary handed to Argo Rollouts', () => {
  describe('the Rollout', () => {
    test('runs the canary version\'s Deployment with a setWeight and an indefinite pause per step, over the service\'s VirtualService', async () => {
      // GIVEN / WHEN
      const { chart, canary } = argo();
      // THEN
      expect(await rolloutSpec(chart)).toEqual({
        replicas: 3,
        selector: { matchLabels: { app: 'reviews' } },
        workloadRef: WORKLOAD_REF,
        strategy: {
          canary: {
            steps: [{ setWeight: 10 }, { pause: {} }, { setWeight: 50 }, { pause: {} }],
            trafficRouting: TRAFFIC_ROUTING,
          },
        },
      });
      expect(canary.delivery?.controller).toBe('argo-rollouts');
    });

    test('is an argoproj.io/v1alpha1 Rollout named after the service, in its namespace', async () => {
      // GIVEN
      const { chart } = argo();
      // WHEN
      const rollout = findObject(await synthArgo(chart), 'Rollout', 'reviews');
      // THEN
      expect(rollout.apiVersion).toBe('argoproj.io/v1alpha1');
      expect(rollout.metadata).toEqual({ name: 'reviews', namespace: 'default' });
    });

    test('a single weight is one step', async () => {
      const { chart } = argo({}, { steps: undefined, weight: 20 });
      expect((await rolloutSpec(chart)).strategy.canary.steps).toEqual([{ setWeight: 20 }, { pause: {} }]);
    });

    test('mirroring is a phase before the weights: a managed route mirroring every request, a pause, its removal', async () => {
      const { chart } = argo({ pause: Duration.minutes(2) }, { mirrorPercentage: 30 });
      const canary = (await rolloutSpec(chart)).strategy.canary;
      expect(canary.steps).toEqual([
        { setMirrorRoute: { name: 'canary-mirror', percentage: 30, match: [{ path: { prefix: '/' } }] } },
        { pause: { duration: 120 } },
        { setMirrorRoute: { name: 'canary-mirror' } },
        { setWeight: 10 }, { pause: { duration: 120 } }, { setWeight: 50 }, { pause: { duration: 120 } },
      ]);
      expect(canary.trafficRouting.managedRoutes).toEqual([{ name: 'canary-mirror' }]);
    });

    test('the scaling options are written as given', async () => {
      const { chart } = argo({ replicas: 5, maxSurge: 2, maxUnavailable: 0, scaleDownDelaySeconds: 60, abortScaleDownDelaySeconds: 0 });
      const spec = await rolloutSpec(chart);
      expect(spec.replicas).toBe(5);
      expect(spec.strategy.canary).toMatchObject({ maxSurge: 2, maxUnavailable: 0, scaleDownDelaySeconds: 60, abortScaleDownDelaySeconds: 0 });
      const dynamic = argo({ dynamicStableScale: true });
      expect((await rolloutSpec(dynamic.chart)).strategy.canary.dynamicStableScale).toBe(true);
    });

    test('background analysis names its templates and args, and starts at the setWeight step of a canary step', async () => {
      // GIVEN a mirror phase of 3 steps, then setWeight 10 (index 3) and setWeight 50 (index 5)
      const { chart } = argo({ analysis: { templates: ['success-rate', 'latency'], args: { service: 'reviews' }, startingStep: 1 } }, { mirrorPercentage: 10 });
      // THEN
      expect((await rolloutSpec(chart)).strategy.canary.analysis).toEqual({
        templates: [{ templateName: 'success-rate' }, { templateName: 'latency' }],
        args: [{ name: 'service', value: 'reviews' }],
        startingStep: 5,
      });
      const cluster = argo({ analysis: { templates: ['success-rate'], clusterScope: true } });
      expect((await rolloutSpec(cluster.chart)).strategy.canary.analysis).toEqual({ templates: [{ templateName: 'success-rate', clusterScope: true }] });
    });

    test('the CRD schema check fails on a wrong field or type', async () => {
      // GIVEN an emitted Rollout
      const { chart } = argo();
      const rollout = findObject(await synthArgo(chart), 'Rollout', 'reviews');
      // WHEN a field is misspelt, or a weight is a string
      const misspelt = { ...rollout, spec: { ...rollout.spec, workloadRefs: rollout.spec.workloadRef } };
      const wrongType = { ...rollout, spec: { ...rollout.spec, strategy: { canary: { steps: [{ setWeight: '10' }] } } } };
      // THEN
      expect(await validateAgainstCrds([misspelt], BUNDLED_CRDS)).not.toEqual([]);
      expect(await validateAgainstCrds([wrongType], BUNDLED_CRDS)).not.toEqual([]);
    });
  });

  describe('the objects Argo Rollouts edits and the versions it replaces', () => {
    test('the default route is named and sends everything to the stable subset; testers keep their route, to the canary subset', async () => {
      // GIVEN
      const { chart } = argo({}, { testers: CanaryTesters.header('end-user', StringMatch.exact('jason')) });
      // WHEN
      const vs = findObject(await synthArgo(chart), 'VirtualService', 'reviews');
      // THEN
      expect(vs.spec.http).toEqual([
        { name: 'v2-testers', match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'canary' } }] },
        {
          name: 'canary',
          route: [{ destination: { host: 'reviews', subset: 'stable' }, weight: 100 }, { destination: { host: 'reviews', subset: 'canary' }, weight: 0 }],
        },
      ]);
    });

    test('the two subsets live in a DestinationRule of their own, annotated as Argo Rollouts annotates it; the service\'s keeps the other versions', async () => {
      // GIVEN
      const { chart } = argo();
      // WHEN
      const objects = await synthArgo(chart);
      // THEN
      expect(findObject(objects, 'DestinationRule', 'reviews-rollout')).toEqual({
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: 'reviews-rollout', namespace: 'default', annotations: { 'argo-rollouts.argoproj.io/managed-by-rollouts': 'reviews' } },
        spec: {
          host: 'reviews',
          subsets: [{ name: 'stable', labels: { app: 'reviews' } }, { name: 'canary', labels: { app: 'reviews' } }],
        },
      });
      expect(findObject(objects, 'DestinationRule', 'reviews').spec.subsets).toEqual([{ name: 'v3', labels: { version: 'v3' } }]);
    });

    test('the stable version has no Deployment, the canary version\'s is scaled to 0, the others are unchanged', async () => {
      // GIVEN
      const { chart } = argo();
      // WHEN
      const deployments = findAll(await synthArgo(chart), 'Deployment');
      // THEN
      expect(deployments.map(d => [d.metadata.name, d.spec.replicas])).toEqual([['reviews-v2', 0], ['reviews-v3', 1]]);
    });

    test('versions declared after the canary: the stable one emits no Deployment, the canary one is scaled to 0', async () => {
      // GIVEN a service without versions yet
      const app = Testing.app();
      const chart = new Chart(app, 'test');
      const mesh = new Mesh(chart, 'mesh');
      const reviews = mesh.addService('reviews', { ports: [{ port: 9080 }] });
      new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', steps: [10], delivery: ProgressiveDelivery.argoRollouts() });
      // WHEN
      reviews.addVersion('v1', { image: 'example/reviews:v1' });
      reviews.addVersion('v2', { image: 'example/reviews:v2', replicas: 2 });
      const objects = await synthArgo(chart);
      // THEN
      expect(findAll(objects, 'Deployment').map(d => [d.metadata.name, d.spec.replicas])).toEqual([['reviews-v2', 0]]);
      expect(findObject(objects, 'Rollout', 'reviews').spec.replicas).toBe(2);
    });

    test('static mode (no delivery) emits no Rollout', async () => {
      const { chart, reviews } = setup();
      new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', steps: [10, 50] });
      expect(findAll(await synthValid(chart), 'Rollout')).toEqual([]);
    });
  });

  describe('what Argo Rollouts cannot run', () => {
    test('the Gateway API routing mode is rejected', () => {
      const { chart, reviews } = setup([{ port: 9080 }], RoutingApi.GATEWAY_API);
      expect(() => new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', steps: [10], delivery: ProgressiveDelivery.argoRollouts() }))
        .toThrow(exactly(`${ERR} 'delivery' Argo Rollouts moves traffic through an Istio VirtualService: the mesh's 'routingApi' must be ISTIO, got GATEWAY_API`));
    });

    test('a service with DefaultRouting.none() has no VirtualService', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'test');
      const reviews = new Mesh(chart, 'mesh').addService('reviews', { ports: [{ port: 9080 }], versions: VERSIONS, defaultRouting: DefaultRouting.none() });
      expect(() => new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', steps: [10], delivery: ProgressiveDelivery.argoRollouts() }))
        .toThrow(exactly(`${ERR} 'delivery' Argo Rollouts moves traffic through the service's VirtualService: service 'reviews' has 'DefaultRouting.none()', which emits none`));
    });

    test('exactly one HTTP port: two ports, or a TCP port, are rejected', () => {
      const handOff = (ports: MeshServicePort[]) => () => {
        const { chart, reviews } = setup(ports);
        new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', steps: [10], delivery: ProgressiveDelivery.argoRollouts() });
      };
      expect(handOff([{ port: 9080, protocol: Protocol.GRPC }])).not.toThrow();
      expect(handOff([{ port: 9080 }, { port: 9090 }])).toThrow(exactly(
        `${ERR} 'delivery' Argo Rollouts sets the weights of one HTTP route: service 'reviews' must have exactly one HTTP port, got 9080 HTTP, 9090 HTTP`));
      expect(handOff([{ port: 5432, protocol: Protocol.TCP }])).toThrow(exactly(
        `${ERR} 'delivery' Argo Rollouts sets the weights of one HTTP route: service 'reviews' must have exactly one HTTP port, got 5432 TCP`));
    });

    test('the canary needs steps or a weight, and no currentStep', () => {
      expect(argoError({}, { steps: undefined })).toThrow(exactly(
        `${ERR} 'delivery' Argo Rollouts needs the canary's 'steps' (or 'weight'): without a step it promotes a new version at once`));
      expect(argoError({}, { steps: undefined, weight: 0 })).not.toThrow();
      expect(argoError({}, { currentStep: 1 })).toThrow(exactly(
        `${ERR} 'currentStep' is for the static mode: Argo Rollouts moves through the 'steps' itself (remove 'currentStep')`));
    });

    test('mirroring takes a whole percentage', () => {
      expect(argoError({}, { mirrorPercentage: 100 })).not.toThrow();
      expect(argoError({}, { mirrorPercentage: 12.5 })).toThrow(exactly(
        `${ERR} 'mirrorPercentage' must be a whole percentage with Argo Rollouts (its setMirrorRoute step takes an integer), got 12.5`));
    });

    test('a route naming the stable or the canary version is rejected: their subsets are gone', async () => {
      // GIVEN a route of the service to v2, and one to v3
      const { chart, reviews } = argo();
      reviews.addRoute({ name: 'v3-beta', matches: [{ headers: { beta: StringMatch.exact('1') } }], destinations: [{ version: 'v3' }] });
      reviews.addRoute({ name: 'jason', matches: [{ headers: { 'end-user': StringMatch.exact('jason') } }], destinations: [{ version: 'v2' }] });
      // THEN
      expect(await synthProblems(chart)).toEqual([`${ERR} 'delivery' Argo Rollouts replaces the subsets of versions v1 and v2 by 'stable' and 'canary', `
        + "but its own routes send to version 'v2' of service 'reviews': route to the service without a version"]);
    });

    test('a gateway route or another service\'s route naming the versions is rejected too', async () => {
      // GIVEN a gateway route to v1 and a route of another service mirroring to v2
      const { chart, reviews, mesh } = argo();
      const gateway = new Gateway(chart, 'ingress', { mesh, namespace: 'default', servers: [GatewayServer.http({ port: 80, hosts: ['reviews.example.com'] })] });
      gateway.addRoute({ hosts: ['reviews.example.com'], destinations: [{ host: reviews, version: 'v1' }] });
      const ratings = mesh.addService('ratings', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'example/ratings:v1' }] });
      ratings.addRoute({ name: 'shadow', matches: [{ headers: { shadow: StringMatch.exact('1') } }], mirror: { destination: { host: reviews, version: 'v2' } } });
      // THEN
      const problem = (where: string, version: string) => `${ERR} 'delivery' Argo Rollouts replaces the subsets of versions v1 and v2 by 'stable' and 'canary', `
        + `but ${where} send to version '${version}' of service 'reviews': route to the service without a version`;
      expect(await synthProblems(chart)).toEqual([problem("the routes of service 'ratings'", 'v2'), problem("the routes of gateway 'ingress'", 'v1')]);
    });

    test('the canary version must be a Deployment of the library', async () => {
      const app = Testing.app();
      const chart = new Chart(app, 'test');
      const reviews = new Mesh(chart, 'mesh').addService('reviews', { ports: [{ port: 9080 }], versions: [{ name: 'v1', image: 'example/reviews:v1' }, { name: 'v2', deploy: false }] });
      new Canary(chart, 'canary', { service: reviews, stableVersion: 'v1', canaryVersion: 'v2', steps: [10], delivery: ProgressiveDelivery.argoRollouts() });
      expect(await synthProblems(chart)).toEqual([
        `${ERR} 'canaryVersion' 'v2' must be deployed by the library for Argo Rollouts (the Rollout runs its Deployment's pod template): it has 'deploy: false'`,
      ]);
    });
  });

  describe('options and their bounds', () => {
    test('pause: whole seconds from 1 to 2147483647', async () => {
      expect((await rolloutSpec(argo({ pause: Duration.seconds(1) }).chart)).strategy.canary.steps[1]).toEqual({ pause: { duration: 1 } });
      expect(argoError({ pause: Duration.seconds(2147483647) })).not.toThrow();
      expect(argoError({ pause: Duration.millis(999) })).toThrow(exactly(
        `${ERR} 'delivery.pause' must be a whole number of seconds between 1 and 2147483647 (Argo Rollouts counts them in an int32), got 999ms`));
      expect(argoError({ pause: Duration.millis(1500) })).toThrow(exactly(
        `${ERR} 'delivery.pause' must be a whole number of seconds between 1 and 2147483647 (Argo Rollouts counts them in an int32), got 1500ms`));
      expect(argoError({ pause: Duration.seconds(2147483648) })).toThrow(exactly(
        `${ERR} 'delivery.pause' must be a whole number of seconds between 1 and 2147483647 (Argo Rollouts counts them in an int32), got 2147483648000ms`));
    });

    test.each(['replicas', 'maxSurge', 'maxUnavailable', 'scaleDownDelaySeconds', 'abortScaleDownDelaySeconds'] as const)('%s: an integer of at least 0', prop => {
      expect(argoError({ [prop]: 0 })).not.toThrow();
      expect(argoError({ [prop]: -1 })).toThrow(exactly(`${ERR} 'delivery.${prop}' must be an integer of at least 0, got -1`));
      expect(argoError({ [prop]: 1.5 })).toThrow(exactly(`${ERR} 'delivery.${prop}' must be an integer of at least 0, got 1.5`));
    });

    test('maxSurge and maxUnavailable are not both 0', () => {
      expect(argoError({ maxSurge: 0, maxUnavailable: 1 })).not.toThrow();
      expect(argoError({ maxSurge: 0, maxUnavailable: 0 })).toThrow(exactly(
        `${ERR} 'delivery.maxSurge' and 'delivery.maxUnavailable' must not both be 0: the rollout could never replace a pod`));
    });

    test('dynamicStableScale excludes scaleDownDelaySeconds', () => {
      expect(argoError({ dynamicStableScale: false, scaleDownDelaySeconds: 30 })).not.toThrow();
      expect(argoError({ dynamicStableScale: true, scaleDownDelaySeconds: 30 })).toThrow(exactly(
        `${ERR} 'delivery.dynamicStableScale' and 'delivery.scaleDownDelaySeconds' exclude each other: with dynamic scaling the stable pods go as traffic leaves them`));
    });

    test('analysis: at least one template, names are DNS-1123 subdomains without duplicates, startingStep indexes the steps', () => {
      expect(argoError({ analysis: { templates: ['a.b-c'], startingStep: 1 } })).not.toThrow();
      expect(argoError({ analysis: { templates: [] } })).toThrow(exactly(`${ERR} 'delivery.analysis.templates' must name at least one AnalysisTemplate`));
      expect(argoError({ analysis: { templates: ['Rate'] } })).toThrow(exactly(
        `${ERR} 'delivery.analysis.templates[0]' must be a DNS-1123 subdomain (at most 253 characters of lowercase letters, digits, '-' and '.'), got 'Rate'`));
      expect(argoError({ analysis: { templates: ['rate', 'rate'] } })).toThrow(exactly(`${ERR} 'delivery.analysis.templates' names 'rate' twice`));
      expect(argoError({ analysis: { templates: ['rate'], startingStep: 2 } })).toThrow(exactly(
        `${ERR} 'delivery.analysis.startingStep' must be an integer between 0 and 1, got 2`));
      expect(argoError({ analysis: { templates: ['rate'], args: { '': 'x' } } })).toThrow(exactly(`${ERR} 'delivery.analysis.args' must not have an empty name`));
    });

    test('subset names: DNS-1123 labels, different from each other and from the versions', async () => {
      const { chart } = argo({ stableSubsetName: 'primary', canarySubsetName: 'next' });
      expect((await rolloutSpec(chart)).strategy.canary.trafficRouting.istio.destinationRule)
        .toEqual({ name: 'reviews-rollout', stableSubsetName: 'primary', canarySubsetName: 'next' });
      expect(argoError({ stableSubsetName: 'Stable' })).toThrow(exactly(
        `${ERR} 'delivery.stableSubsetName' must be a DNS-1123 label (at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit), got 'Stable'`));
      expect(argoError({ canarySubsetName: 'stable' })).toThrow(exactly(
        `${ERR} 'delivery.canarySubsetName' must differ from 'delivery.stableSubsetName', both are 'stable'`));
      expect(await synthProblems(argo({ canarySubsetName: 'v3' }).chart)).toEqual([
        `${ERR} 'delivery.canarySubsetName' 'v3' is the name of a version of service 'reviews': the subsets of the versions and of the Rollout share the host (versions: v1, v2, v3)`,
      ]);
    });

    test('option types are checked by the factory', () => {
      expect(() => ProgressiveDelivery.argoRollouts({ pause: 5 as any })).toThrow(exactly("'pause' must be a Duration (e.g. Duration.seconds(5)), got 5"));
    });
  });
});
