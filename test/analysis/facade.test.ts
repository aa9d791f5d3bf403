import { docs } from './helpers';
import { FindingLevel, ManifestAnalysis } from '../../src/analysis/facade';

describe('ManifestAnalysis', () => {
  const manifests = docs(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: nowhere}`);

  test('analyze returns findings with their object', () => {
    const findings = ManifestAnalysis.analyze(manifests);
    expect(findings).toEqual([{
      code: 'IST0101',
      level: FindingLevel.ERROR,
      resource: 'VirtualService shop/reviews',
      message: 'Referenced host not found: "nowhere"',
      object: manifests[0],
    }]);
  });

  test('options are passed on, and the formats print findings', () => {
    expect(ManifestAnalysis.analyze(manifests, { ignore: ['IST0101'] })).toEqual([]);
    const findings = ManifestAnalysis.analyze(manifests);
    expect(JSON.parse(ManifestAnalysis.formatJson(findings)).messages[0].code).toBe('IST0101');
    expect(ManifestAnalysis.formatText(findings)).toContain('Error [IST0101] (VirtualService shop/reviews)');
  });
});
