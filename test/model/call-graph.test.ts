import { Chart, Testing } from 'cdk8s';
import { Caller, Mesh } from '../../src';
import { CallGraph } from '../../src/model/call-graph';

function hosts() {
  const mesh = new Mesh(new Chart(Testing.app(), 'test'), 'mesh');
  const a = mesh.addService('a', { ports: [{ port: 80 }] });
  const b = mesh.addService('b', { ports: [{ port: 80 }] });
  return { a, b };
}

describe('CallGraph', () => {
  test('GIVEN an empty graph THEN every host has no callers and no callees', () => {
    // GIVEN
    const { a } = hosts();
    const graph = new CallGraph();
    // THEN
    expect(graph.grantsTo(a)).toEqual([]);
    expect(graph.callsFrom(a)).toEqual([]);
  });

  test('WHEN callers and calls are recorded THEN each host lists its own, in declaration order, and nothing of the other', () => {
    // GIVEN
    const { a, b } = hosts();
    const graph = new CallGraph();
    const first = { caller: Caller.namespace('x'), options: {} };
    const second = { caller: Caller.namespace('y'), options: { ports: [80] } };
    // WHEN
    graph.allow(a, first);
    graph.allow(a, second);
    graph.call(b, { callee: a, options: {} });
    graph.call(b, { callee: b, options: { methods: ['GET'] } });
    // THEN
    expect(graph.grantsTo(a)).toEqual([first, second]);
    expect(graph.grantsTo(a)[0]).toBe(first);
    expect(graph.grantsTo(b)).toEqual([]);
    expect(graph.callsFrom(b).map(c => ({ callee: c.callee.name, options: c.options }))).toEqual([{ callee: 'a', options: {} }, { callee: 'b', options: { methods: ['GET'] } }]);
    expect(graph.callsFrom(a)).toEqual([]);
  });
});
