import { Testing } from 'cdk8s';
import { findAll, findObject, BUNDLED_CRDS, synthValid, validateAgainstCrds } from './util/validate';
import { buildBookinfoApp } from '../examples/bookinfo/app';
import { buildBookinfoArgoRolloutsApp } from '../examples/bookinfo/argo-rollouts';
import { analyze } from '../src/analysis';


function synth(build: (app: ReturnType<typeof Testing.app>) => unknown): any[] {
  const app = Testing.app();
  build(app);
  return app.charts.flatMap(c => Testing.synth(c));
}

/** An analysis message without the resource it is on. */
const line = (m: { level: string; code: string; resource: string; message: string }) => `${m.level} ${m.code} ${m.resource}: ${m.message}`;

describe('bookinfo with the reviews canary handed to Argo Rollouts (dist/bookinfo-argo-rollouts)', () => {
  test('every object is valid, and the Rollout fits the Rollout CRD', async () => {
    // GIVEN / WHEN
    const app = Testing.app();
    buildBookinfoArgoRolloutsApp(app);
    const objects = await synthValid(app);
    // THEN
    const rollouts = findAll(objects, 'Rollout');
    expect(rollouts.map(r => r.metadata.name)).toEqual(['reviews']);
    expect(await validateAgainstCrds(rollouts, BUNDLED_CRDS)).toEqual([]);
  });

  test('the hand-off changes only the reviews routing and Deployments, and adds the Rollout and its DestinationRule', () => {
    // GIVEN the mesh without and with the hand-off
    const key = (o: any) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const base = new Map(synth(buildBookinfoApp).map(o => [key(o), o]));
    const handed = new Map(synth(buildBookinfoArgoRolloutsApp).map(o => [key(o), o]));
    // WHEN
    const removed = [...base.keys()].filter(k => !handed.has(k));
    const added = [...handed.keys()].filter(k => !base.has(k));
    const changed = [...base.keys()].filter(k => handed.has(k) && JSON.stringify(base.get(k)) !== JSON.stringify(handed.get(k)));
    // THEN
    expect(removed).toEqual(['Deployment default/reviews-v1']);
    expect(added.sort()).toEqual(['DestinationRule default/reviews-rollout', 'Rollout default/reviews']);
    expect(changed.sort()).toEqual(['Deployment default/reviews-v2', 'DestinationRule default/reviews', 'VirtualService default/reviews']);
    // the Deployment the Rollout runs differs only in its replicas
    const v2 = handed.get('Deployment default/reviews-v2');
    expect({ ...v2, spec: { ...v2.spec, replicas: 1 } }).toEqual(base.get('Deployment default/reviews-v2'));
    expect(findObject([...handed.values()], 'Rollout', 'reviews').spec.workloadRef.name).toBe('reviews-v2');
  });

  test("the library's analysis finds nothing the mesh without the hand-off does not have", () => {
    // GIVEN / WHEN
    const base = analyze(synth(buildBookinfoApp)).map(line).sort();
    const handed = analyze(synth(buildBookinfoArgoRolloutsApp)).map(line).sort();
    // THEN
    expect(handed).toEqual(base);
  });
});
