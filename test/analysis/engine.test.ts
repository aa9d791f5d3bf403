import { BROKEN_VS, CASES } from './cases/engine';
import { docs, full, objectsOf, run, summary } from './helpers';
import { generateMesh } from '../../scripts/bench-analysis';
import { analyze, CHECKS, formatJson, formatText, IST, MESH } from '../../src/analysis';

const NOT_FOUND = 'Referenced host not found: "nowhere"';

describe('engine', () => {
  test('resource is Kind namespace/name, or Kind name when written without a namespace', () => {
    expect(full(run(CASES['namespaced and not']))).toEqual([
      `IST0101 VirtualService reviews: ${NOT_FOUND}`,
      `IST0101 VirtualService shop/reviews: ${NOT_FOUND}`,
    ]);
  });

  test('objects without a namespace resolve references in default', () => {
    // GIVEN a Service written in default and a VirtualService without namespace routing to it
    // THEN the host resolves
    expect(full(run(CASES['no namespace is default']))).toEqual([]);
  });

  test('a message carries the object it is about', () => {
    const objects = objectsOf(CASES.broken);
    const [m] = analyze(objects);
    expect(m.object).toBe(objects[0]);
  });

  test('messages are sorted errors first and identical findings appear once', () => {
    // GIVEN two routes to the same missing host (same finding) and a Warning-level finding
    const messages = run(CASES['identical findings']);
    expect(messages.map(m => m.level)).toEqual(['Error', 'Warning']);
    expect(summary(messages)).toEqual(['IST0101 VirtualService reviews', 'MESH003 VirtualService reviews']);
  });

  test('ignore leaves codes out', () => {
    expect(run(CASES.ignored)).toEqual([]);
    expect(full(run(CASES.ignored.input))).toEqual([`IST0101 VirtualService reviews: ${NOT_FOUND}`]);
  });

  test('kind: List objects are read item by item', () => {
    expect(full(run(CASES.list))).toEqual([`IST0101 VirtualService reviews: ${NOT_FOUND}`]);
  });

  test('istioctl\'s default resources are never reported on', () => {
    // GIVEN nothing: only the assumed ingress gateway Pod and Service
    expect(run(CASES.nothing)).toEqual([]);
  });

  test('Kubernetes Gateway API objects are not read as Istio Gateways', () => {
    expect(run(CASES['kubernetes gateway'])).toEqual([]);
  });

  test('malformed objects do not make analysis throw', () => {
    expect(() => run(CASES.junk)).not.toThrow();
  });

  test('a galley.istio.io/analyze-suppress annotation suppresses the codes it lists (or *) on its resource only', () => {
    // GIVEN three VirtualServices to a missing host, for one host: reviews suppresses IST0101,
    // other suppresses another code, all suppresses everything
    const conflict = 'The VirtualServices default/all,default/other,default/reviews associated with mesh gateway define the same host '
      + '*/reviews.default.svc.cluster.local which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.';
    expect(full(run(CASES.suppressed))).toEqual([
      `IST0101 VirtualService other: ${NOT_FOUND}`,
      `IST0109 VirtualService other: ${conflict}`,
      `IST0109 VirtualService reviews: ${conflict}`,
    ]);
  });

  test('objects in Kubernetes\' own namespaces are neither reported on nor found, as istioctl ignores them', () => {
    // GIVEN a broken VirtualService in kube-system and a Service in kube-public that another VirtualService routes to
    expect(full(run(CASES['kubernetes namespaces']))).toEqual([
      'IST0101 VirtualService to-kube: Referenced host not found: "reviews.kube-public.svc.cluster.local"',
    ]);
  });

  test('an object given twice is reported once, and the later definition is analyzed', () => {
    const twice = 'MESH010 Service web: defined 2 times: the last definition replaces the others (as with kubectl apply), and only it is analyzed';
    expect(full(run(CASES.duplicate))).toEqual([twice]);
    expect(full(run(CASES['duplicate reversed']))).toEqual([
      "IST0118 Service web: Port name web (port: 9080, targetPort: 9080) doesn't follow the naming convention of Istio port.",
      twice,
    ]);
  });

  test('every check declares its codes, and codes are unique per name', () => {
    const all = CHECKS.flatMap(c => c.types);
    for (const t of all) expect(t.code).toMatch(/^(IST0\d{3}|MESH\d{3})$/);
    const byCode = new Map(all.map(t => [t.code, t.name]));
    for (const t of all) expect(byCode.get(t.code)).toBe(t.name);
    expect(Object.values(MESH).map(t => t.code)).toEqual([
      'MESH001', 'MESH002', 'MESH003', 'MESH004', 'MESH005', 'MESH006', 'MESH007', 'MESH008', 'MESH009', 'MESH010', 'MESH011', 'MESH012', 'MESH013', 'MESH014', 'MESH015', 'MESH016', 'MESH017', 'MESH018',
    ]);
    expect(IST.ReferencedResourceNotFound).toEqual({ code: 'IST0101', name: 'ReferencedResourceNotFound', level: 'Error' });
    // every IST type is reported by some check
    expect(new Set(all.map(t => t.code))).toEqual(new Set([...Object.values(IST), ...Object.values(MESH)].map(t => t.code)));
  });

  test('analysis is linear: four times the objects take about four times the time, not sixteen', () => {
    // GIVEN generated meshes of 2,500 and 10,000 objects (scripts/bench-analysis.ts); each time is
    // the fastest of three runs, so a busy machine does not make the test fail
    const time = (objects: any[]) => Math.min(...[0, 1, 2].map(() => {
      const start = process.hrtime.bigint();
      analyze(objects);
      return Number(process.hrtime.bigint() - start) / 1e6;
    }));
    time(generateMesh(1000)); // warm up
    const quarter = time(generateMesh(2500));
    const full10k = time(generateMesh(10000));
    // THEN (pairwise scans would take 16 times as long)
    expect(full10k).toBeLessThan(8 * quarter + 50);
  });
});

describe('formats', () => {
  const two = BROKEN_VS.replace('name: reviews', 'name: two').replace('hosts: [reviews]', 'hosts: [two]').replace('{host: nowhere}', '{host: nowhere}\n      weight: 30');
  const messages = analyze(docs(`${BROKEN_VS}\n---\n${two}`));

  test('JSON has exactly code, level, resource and message, in that order', () => {
    const parsed = JSON.parse(formatJson(messages));
    expect(Object.keys(parsed)).toEqual(['messages']);
    for (const m of parsed.messages) expect(Object.keys(m)).toEqual(['code', 'level', 'resource', 'message']);
    expect(parsed.messages[0]).toEqual({ code: 'IST0101', level: 'Error', resource: 'VirtualService reviews', message: NOT_FOUND });
  });

  test('JSON of no findings is an empty list', () => {
    expect(JSON.parse(formatJson([]))).toEqual({ messages: [] });
  });

  test('text has one line per finding, grouped by level, and a summary', () => {
    expect(formatText(messages).split('\n')).toEqual([
      'Errors (2):',
      `  Error [IST0101] (VirtualService reviews) ${NOT_FOUND}`,
      `  Error [IST0101] (VirtualService two) ${NOT_FOUND}`,
      '',
      'Warnings (1):',
      '  Warning [MESH003] (VirtualService two) http rule #0: its only destination gets all traffic whatever its weight; weight 30 should be 100 or unset',
      '',
      '2 errors, 1 warning, 0 info',
      '',
    ]);
  });

  test('text of no findings says so', () => {
    expect(formatText([])).toBe('No issues found.\n');
  });
});
