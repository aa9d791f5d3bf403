/**
 * Route weights that do not add up to 100 (MESH003). Istio accepts any total (it reads weights as
 * relative since 1.x), so 50 + 30 sends 62.5% and 37.5% — rarely what was meant; and a
 * destination without weight beside weighted ones gets no traffic at all.
 */
import { Check } from '../check';
import { MESH } from '../messages';
import { asArray } from '../objects';

export const routeWeightsCheck: Check = {
  id: 'virtualservice.route-weights',
  description: 'route weights that do not add up to 100',
  types: [MESH.RouteWeightsNotHundred],
  run(ctx) {
    for (const vs of ctx.model.of('VirtualService')) {
      for (const section of ['http', 'tcp', 'tls']) {
        asArray(vs.spec[section]).forEach((rule, r) => {
          const route = asArray(rule?.route);
          const weights = route.map(d => (d?.weight === undefined || d?.weight === null ? undefined : Number(d.weight)));
          const label = section === 'http' && typeof rule?.name === 'string' && rule.name !== '' ? `${section} rule ${JSON.stringify(rule.name)}` : `${section} rule #${r}`;
          if (weights.every(w => w === undefined)) return;
          if (route.length === 1) {
            if (weights[0] !== 0 && weights[0] !== 100) {
              ctx.report(MESH.RouteWeightsNotHundred, vs,
                `${label}: its only destination gets all traffic whatever its weight; weight ${weights[0]} should be 100 or unset`);
            }
            return;
          }
          const sum = weights.reduce<number>((s, w) => s + (w ?? 0), 0);
          if (sum === 100) return;
          const parts = weights.map(w => String(w ?? 0)).join(' + ');
          const unweighted = weights.filter(w => w === undefined).length;
          ctx.report(MESH.RouteWeightsNotHundred, vs,
            `${label}: destination weights add up to ${parts} = ${sum}, not 100; Istio splits traffic in proportion to them`
            + (unweighted > 0 ? `, and the ${unweighted} destination(s) without a weight get none` : ''));
        });
      }
    }
  },
};
