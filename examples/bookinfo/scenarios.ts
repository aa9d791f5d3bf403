import { App, Duration } from 'cdk8s';
import { Bookinfo } from './bookinfo';
import { Canary, CanaryProps, ClientTls, LoadBalancer, Protocol, ServiceEntryResolution, StringMatch } from '../../src';

/**
 * One of Istio's bookinfo routing samples, expressed with the typed API: a change to the bookinfo
 * mesh, and the objects of the sample it reproduces (kind and name).
 */
export interface Scenario {
  /** The sample's file name in Istio's samples/bookinfo/networking, without `.yaml`. */
  readonly name: string;
  /** What the sample does. */
  readonly description: string;
  /** Applies the scenario to a fresh bookinfo mesh. */
  readonly apply: (bookinfo: Bookinfo) => void;
  /** The objects the sample holds, as `Kind/name`. */
  readonly objects: string[];
}

const jason = { headers: { 'end-user': StringMatch.exact('jason') } };

function canary(bookinfo: Bookinfo, props: Omit<CanaryProps, 'service'>): Canary {
  return new Canary(bookinfo, 'reviews-canary', { service: bookinfo.reviews, ...props });
}

/** Istio's bookinfo routing samples, in the order of Istio's traffic-management tasks. */
export const SCENARIOS: Scenario[] = [
  {
    name: 'virtual-service-reviews-90-10',
    description: 'canary: 10% of reviews traffic to v2',
    apply: b => canary(b, { stableVersion: 'v1', canaryVersion: 'v2', weight: 10 }),
    objects: ['VirtualService/reviews'],
  },
  {
    name: 'virtual-service-reviews-80-20',
    description: 'canary: 20% of reviews traffic to v2',
    apply: b => canary(b, { stableVersion: 'v1', canaryVersion: 'v2', steps: [10, 20, 50, 100], currentStep: 1 }),
    objects: ['VirtualService/reviews'],
  },
  {
    name: 'virtual-service-reviews-50-v3',
    description: 'canary: half of reviews traffic to v3',
    apply: b => canary(b, { stableVersion: 'v1', canaryVersion: 'v3', weight: 50 }),
    objects: ['VirtualService/reviews'],
  },
  {
    name: 'virtual-service-reviews-v3',
    description: 'all reviews traffic to v3',
    apply: b => b.reviews.addRoute({ destinations: [{ version: 'v3' }] }),
    objects: ['VirtualService/reviews'],
  },
  {
    name: 'virtual-service-reviews-v2-v3',
    description: 'reviews traffic split evenly between v2 and v3',
    apply: b => canary(b, { stableVersion: 'v2', canaryVersion: 'v3', weight: 50 }),
    objects: ['VirtualService/reviews'],
  },
  {
    name: 'virtual-service-reviews-jason-v2-v3',
    description: 'user jason sees reviews v2, everyone else v3',
    apply: b => {
      b.reviews.addRoute({ matches: [jason], destinations: [{ version: 'v2' }] });
      b.reviews.addRoute({ destinations: [{ version: 'v3' }] });
    },
    objects: ['VirtualService/reviews'],
  },
  {
    name: 'virtual-service-reviews-test-v2',
    description: 'user jason tests reviews v2, everyone else stays on v1',
    apply: b => b.reviews.addRoute({ matches: [jason], destinations: [{ version: 'v2' }] }),
    objects: ['VirtualService/reviews'],
  },
  {
    name: 'virtual-service-ratings-test-delay',
    description: 'a 7s delay on ratings for user jason',
    apply: b => b.ratings.addRoute({
      matches: [jason],
      fault: { delay: { fixedDelay: Duration.seconds(7), percentage: 100 } },
      destinations: [{ version: 'v1' }],
    }),
    objects: ['VirtualService/ratings'],
  },
  {
    name: 'virtual-service-ratings-test-abort',
    description: 'ratings answers 500 to user jason',
    apply: b => b.ratings.addRoute({
      matches: [jason],
      fault: { abort: { httpStatus: 500, percentage: 100 } },
      destinations: [{ version: 'v1' }],
    }),
    objects: ['VirtualService/ratings'],
  },
  {
    name: 'virtual-service-details-v2',
    description: 'all details traffic to v2',
    apply: b => b.details.addRoute({ destinations: [{ version: 'v2' }] }),
    objects: ['VirtualService/details'],
  },
  {
    name: 'virtual-service-ratings-db',
    description: 'reviews v3 with ratings v2 (MongoDB)',
    apply: b => {
      b.reviews.addRoute({ destinations: [{ version: 'v3' }] });
      b.ratings.addRoute({ destinations: [{ version: 'v2' }] });
    },
    objects: ['VirtualService/reviews', 'VirtualService/ratings'],
  },
  {
    name: 'virtual-service-ratings-mysql',
    description: 'reviews v3 with ratings v2-mysql',
    apply: b => {
      b.reviews.addRoute({ destinations: [{ version: 'v3' }] });
      b.ratings.addRoute({ destinations: [{ version: 'v2-mysql' }] });
    },
    objects: ['VirtualService/reviews', 'VirtualService/ratings'],
  },
  {
    name: 'virtual-service-ratings-mysql-vm',
    description: 'reviews v3 with ratings v2-mysql-vm (a VM)',
    apply: b => {
      b.reviews.addRoute({ destinations: [{ version: 'v3' }] });
      b.ratings.addRoute({ destinations: [{ version: 'v2-mysql-vm' }] });
    },
    objects: ['VirtualService/reviews', 'VirtualService/ratings'],
  },
  {
    name: 'destination-rule-all-mtls',
    description: 'Istio mutual TLS towards every bookinfo service',
    apply: b => {
      for (const svc of [b.productpage, b.reviews, b.ratings, b.details]) {
        svc.addTrafficPolicy({ tls: ClientTls.istioMutual() });
      }
    },
    objects: ['DestinationRule/productpage', 'DestinationRule/reviews', 'DestinationRule/ratings', 'DestinationRule/details'],
  },
  {
    name: 'destination-rule-reviews',
    description: 'random load balancing for reviews',
    apply: b => b.reviews.addTrafficPolicy({ loadBalancer: LoadBalancer.random() }),
    objects: ['DestinationRule/reviews'],
  },
  {
    name: 'egress-rule-google-apis',
    description: 'egress to www.googleapis.com with TLS origination from port 80 to 443',
    apply: b => {
      const googleapis = b.mesh.addExternalService('googleapis', {
        hosts: ['www.googleapis.com'],
        ports: [
          { number: 80, name: 'http', protocol: Protocol.HTTP },
          { number: 443, name: 'https', protocol: Protocol.HTTPS },
        ],
        resolution: ServiceEntryResolution.DNS,
        virtualServiceName: 'rewrite-port-for-googleapis',
        destinationRuleName: 'originate-tls-for-googleapis',
        trafficPolicy: { loadBalancer: LoadBalancer.roundRobin() },
      });
      googleapis.originateTls({ fromPort: 80, toPort: 443 });
    },
    objects: ['ServiceEntry/googleapis', 'VirtualService/rewrite-port-for-googleapis', 'DestinationRule/originate-tls-for-googleapis'],
  },
];

/**
 * Synthesizes one scenario: bookinfo plus the scenario's change (fully validated, like any
 * synthesis), returning the sample's objects in the sample's order.
 */
export function synthScenario(scenario: Scenario): any[] {
  const app = new App({ outdir: '.tmp/unused' });
  const bookinfo = new Bookinfo(app, 'bookinfo');
  scenario.apply(bookinfo);
  const objects: any[] = bookinfo.toJson();
  return scenario.objects.map(ref => {
    const [kind, name] = ref.split('/');
    const found = objects.find(o => o.kind === kind && o.metadata?.name === name);
    if (!found) {
      throw new Error(`scenario '${scenario.name}': ${ref} was not synthesized`);
    }
    return found;
  });
}
