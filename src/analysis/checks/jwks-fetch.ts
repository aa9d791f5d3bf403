/**
 * istiod's fetching of JWKS URIs (istioctl's authn.BlockedCIDRsAnalyzer): when RequestAuthentications
 * exist, every istiod Deployment (labelled `app: istiod`) should restrict the addresses it fetches
 * their `jwksUri`s from with a non-empty `BLOCKED_CIDRS_IN_JWKS_URIS` environment variable on one of
 * its containers (IST0175). The message names the first five RequestAuthentications.
 */
import { Check } from '../check';
import { IST } from '../messages';
import { asArray, templateOf } from '../objects';

const MAX_NAMED = 5;

export const jwksFetchCheck: Check = {
  id: 'security.jwks-fetch',
  description: 'istiod restricts JWKS URI fetches when RequestAuthentications exist',
  types: [IST.JwksUriFetchUnrestricted],
  run(ctx) {
    const { model } = ctx;
    const names = model.of('RequestAuthentication').map(ra => ra.fullName);
    if (names.length === 0) return;
    const listed = names.length <= MAX_NAMED ? names.join(', ') : `${names.slice(0, MAX_NAMED).join(', ')}, and ${names.length - MAX_NAMED} more`;
    for (const d of model.of('Deployment')) {
      if (d.labels.app !== 'istiod') continue;
      const containers = asArray(templateOf(d)?.spec.containers);
      if (containers.some(c => asArray(c?.env).some(e => e?.name === 'BLOCKED_CIDRS_IN_JWKS_URIS' && typeof e.value === 'string' && e.value !== ''))) continue;
      ctx.report(IST.JwksUriFetchUnrestricted, d, `BLOCKED_CIDRS_IN_JWKS_URIS is not configured but ${names.length} RequestAuthentication resource(s) exist (${listed}). `
        + 'Consider configuring it to restrict JWKS URI fetches to trusted networks.');
    }
  },
};
