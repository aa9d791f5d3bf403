/**
 * Inputs of bookinfo.test.ts and cli.test.ts: Istio's bookinfo sample (test/fixtures/analysis) and
 * its routing samples.
 */
import { Case, fixture, kase } from '../helpers';

export const BASE = [...fixture('bookinfo.yaml'), ...fixture('bookinfo-destination-rules.yaml')];

export const SAMPLES = ['reviews-jason-v2-v3.yaml', 'reviews-80-20.yaml', 'bookinfo-gateway.yaml', 'fault-injection-details-v1.yaml'];

export const CASES: Record<string, Case> = {
  'bookinfo': kase(fixture('bookinfo.yaml')),
  'bookinfo with destination rules': kase(BASE),
  ...Object.fromEntries(SAMPLES.map(sample => [`with ${sample}`, kase([...BASE, ...fixture(sample)])])),
};
