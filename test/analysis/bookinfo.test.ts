import { CASES } from './cases/bookinfo';
import { full, run } from './helpers';

const noPod = (service: string) => `MESH008 DestinationRule ${service}: subset 'v2' (labels version=v2) selects no pod of Service default/${service}: `
  + 'traffic routed to it fails with 503 (no healthy upstream) until such pods exist';
const versions = "MESH007 Service reviews: service 'reviews' runs 3 versions (v1, v2, v3) but no VirtualService or Gateway API route routes it: "
  + 'requests go to every version in turn; add a VirtualService or an HTTPRoute with the Service as parent that says which version gets what';

describe('bookinfo', () => {
  test('bookinfo alone: reviews runs three versions without routing', () => {
    expect(full(run(CASES.bookinfo))).toEqual([versions]);
  });

  test('with its destination rules: the v2 subsets of details and ratings select only other services\' pods (reviews-v2)', () => {
    expect(full(run(CASES['bookinfo with destination rules']))).toEqual([noPod('details'), noPod('ratings'), versions]);
  });

  test.each(['reviews-jason-v2-v3.yaml', 'reviews-80-20.yaml'])('with the routing sample %s, reviews is routed', sample => {
    expect(full(run(CASES[`with ${sample}`]))).toEqual([noPod('details'), noPod('ratings')]);
  });

  test('with the ingress sample: port 8080 is not on the Service istioctl assumes for the ingress gateway (80, 443, 31400, 15443)', () => {
    expect(full(run(CASES['with bookinfo-gateway.yaml']))).toEqual([
      noPod('details'), noPod('ratings'),
      'IST0162 Gateway bookinfo-gateway: The gateway is listening on a target port (port 8080) that is not defined in the Service associated with its workload instances '
      + '(Pod selector istio=ingressgateway). If you need to access the gateway port through the gateway Service, it will not be available.',
      versions,
    ]);
  });

  test('fault-injection-details-v1 reports its unreachable route, and its DestinationRule replaces bookinfo\'s', () => {
    expect(full(run(CASES['with fault-injection-details-v1.yaml']))).toEqual([
      noPod('ratings'),
      'IST0130 VirtualService details: VirtualService rule #1 not used (only the last rule can have no matches).',
      'MESH010 DestinationRule details: defined 2 times: the last definition replaces the others (as with kubectl apply), and only it is analyzed',
      versions,
    ]);
  });
});
