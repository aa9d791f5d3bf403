import { DestinationRuleSpecTrafficPolicyLoadBalancerLocalityLbSetting } from '../imports/networking.istio.io';
import { LocalityLoadBalancing } from '../locality';
import { LOCALITY_LABELS } from './istio-names';

/** Locality settings as a DestinationRule's `localityLbSetting`. */
export function renderLocality(l: LocalityLoadBalancing | undefined): DestinationRuleSpecTrafficPolicyLoadBalancerLocalityLbSetting | undefined {
  if (!l) {
    return undefined;
  }
  return {
    enabled: l.enabled,
    distribute: l.distribute?.map(d => ({ from: d.from, to: { ...d.to } })),
    failover: l.failover?.map(f => ({ from: f.from, to: f.to })),
    failoverPriority: l.failoverPriority,
  };
}

/** Problems of locality settings, each naming its prop under `locality.`. */
export function localityProblems(l: LocalityLoadBalancing | undefined): string[] {
  if (!l) {
    return [];
  }
  const problems: string[] = [];
  const distribute = l.distribute ?? [];
  const failover = l.failover ?? [];
  const priority = l.failoverPriority ?? [];
  if (distribute.length > 0 && failover.length > 0) {
    problems.push("'locality.distribute' and 'locality.failover' exclude each other");
  }
  if (distribute.length > 0 && priority.length > 0) {
    problems.push("'locality.distribute' and 'locality.failoverPriority' exclude each other");
  }
  if (failover.length > 0) {
    for (const label of priority.filter(p => LOCALITY_LABELS.includes(p))) {
      problems.push(`'locality.failoverPriority' must not contain the topology label '${label}' together with 'locality.failover'`);
    }
  }
  const froms: Array<{ prop: string; locality: string }> = [];
  distribute.forEach((d, i) => {
    const fromProp = `locality.distribute[${i}].from`;
    const fromProblem = localityFormatProblem(fromProp, d.from);
    if (fromProblem) {
      problems.push(fromProblem);
    } else {
      const earlier = froms.find(f => localitiesOverlap(f.locality, d.from));
      if (earlier) {
        problems.push(`'${fromProp}' '${d.from}' overlaps '${earlier.prop}' '${earlier.locality}': each locality may match one rule only`);
      }
      froms.push({ prop: fromProp, locality: d.from });
    }
    const toProp = `locality.distribute[${i}].to`;
    const entries = Object.entries(d.to);
    const bad = entries.filter(([, w]) => !Number.isInteger(w) || w < 1 || w > 100);
    for (const [loc, w] of bad) {
      problems.push(`'${toProp}' weight of '${loc}' must be an integer between 1 and 100, got ${w}`);
    }
    const sum = entries.reduce((a, [, w]) => a + w, 0);
    if (bad.length === 0 && sum !== 100) {
      problems.push(`'${toProp}' weights must add up to 100, got ${sum}`);
    }
    const wellFormed: string[] = [];
    for (const [loc] of entries) {
      if (!isLocality(loc)) {
        problems.push(`'${toProp}' locality must be ${LOCALITY_FORMAT}, got '${loc}'`);
        continue;
      }
      const other = wellFormed.find(w => localitiesOverlap(w, loc));
      if (other !== undefined) {
        problems.push(`'${toProp}' localities '${other}' and '${loc}' overlap: give each locality one weight`);
      }
      wellFormed.push(loc);
    }
  });
  failover.forEach((f, i) => {
    for (const [key, region] of [['from', f.from], ['to', f.to]]) {
      if (region.trim() === '' || /[/*]/.test(region)) {
        problems.push(`'locality.failover[${i}].${key}' must be a region name (no '/' or '*'), got '${region}'`);
      }
    }
    if (f.from === f.to) {
      problems.push(`'locality.failover[${i}]' fails over from '${f.from}' to itself`);
    }
  });
  return problems;
}

const LOCALITY_FORMAT = "'region', 'region/zone' or 'region/zone/subzone', '*' allowed only as the whole last part";

/** A locality is `region`, `region/zone` or `region/zone/subzone`; `*` may only be the whole last part. */
function isLocality(locality: string): boolean {
  const parts = locality.split('/');
  return parts.length <= 3
    && parts.every(part => part.trim() !== '')
    && parts.every((part, i) => !part.includes('*') || (part === '*' && i === parts.length - 1));
}

function localityFormatProblem(prop: string, locality: string): string | undefined {
  if (locality.trim() === '') {
    return `'${prop}' must not be empty`;
  }
  return isLocality(locality) ? undefined : `'${prop}' must be ${LOCALITY_FORMAT}, got '${locality}'`;
}

/** Whether two well-formed localities match a common workload (`us-east` and `us-east/*` both cover `us-east/zone1`). */
function localitiesOverlap(a: string, b: string): boolean {
  const prefix = (l: string) => l.split('/').filter(p => p !== '*');
  const pa = prefix(a);
  const pb = prefix(b);
  const n = Math.min(pa.length, pb.length);
  return pa.slice(0, n).every((p, i) => p === pb[i]);
}
