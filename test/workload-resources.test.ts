import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { CpuQuantity, Mesh } from '../src';
import { exactly, findObject, synthValid } from './util/validate';

describe('CpuQuantity: a CPU quantity of the library, for languages where cdk8s-plus\'s Cpu is not an ICpu', () => {
  test('millis and units write their amounts as cdk8s-plus\'s Cpu writes them', () => {
    for (const n of [0, 1, 250, 1500, 0.5]) {
      expect(CpuQuantity.millis(n).amount).toBe(kplus.Cpu.millis(n).amount);
      expect(CpuQuantity.units(n).amount).toBe(kplus.Cpu.units(n).amount);
    }
    expect([CpuQuantity.millis(250).amount, CpuQuantity.units(2).amount, CpuQuantity.units(0.5).amount]).toEqual(['250m', '2', '0.5']);
  });

  test('a version\'s request and limit are written into its container as given', async () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    const reviews = new Mesh(chart, 'mesh').addService('reviews', { ports: [{ port: 9080 }] });
    // WHEN
    reviews.addVersion('v1', { image: 'r:1', resources: { cpu: { request: CpuQuantity.millis(250), limit: CpuQuantity.units(2) } } });
    // THEN
    const container = findObject(await synthValid(chart), 'Deployment', 'reviews-v1').spec.template.spec.containers[0];
    expect(container.resources).toEqual({ requests: { cpu: '250m' }, limits: { cpu: '2' } });
  });

  test('a negative amount fails where the resources are given, as a negative cdk8s-plus Cpu does; zero is accepted', () => {
    // GIVEN
    const reviews = new Mesh(new Chart(Testing.app(), 'test'), 'mesh').addService('reviews', { ports: [{ port: 9080 }] });
    // WHEN / THEN
    expect(() => reviews.addVersion('v1', { image: 'r:1', resources: { cpu: { request: CpuQuantity.millis(-1) } } })).toThrow(exactly(
      "[test/mesh/reviews/Version-v1] 'resources.cpu.request' must not be negative, got -1m",
    ));
    expect(() => reviews.addVersion('v2', { image: 'r:2', resources: { cpu: { request: CpuQuantity.millis(0) } } })).not.toThrow();
  });
});
