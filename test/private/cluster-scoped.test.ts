import { ApiObject, Chart, Testing } from 'cdk8s';
import { clusterScoped } from '../../src/private/cluster-scoped';

describe('cluster-scoped objects', () => {
  test("in a chart with a namespace, the chart's namespace is taken off the object", () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });

    // WHEN
    const ns = clusterScoped(new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }));

    // THEN
    expect(ns.toJson().metadata).toEqual({ name: 'shop' });
  });

  test('in a chart without a namespace, the object is left as it is', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');

    // WHEN
    const ns = clusterScoped(new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }));

    // THEN
    expect(ns.toJson().metadata).toEqual({ name: 'shop' });
    expect(chart.toJson()[0].metadata).toEqual({ name: 'shop' });
  });
});
