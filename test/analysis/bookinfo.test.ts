import { fixture, summary, withCode } from './helpers';
import { analyze } from '../../src/analysis';

describe('bookinfo', () => {
  const base = [...fixture('bookinfo.yaml'), ...fixture('bookinfo-destination-rules.yaml')];

  test('bookinfo with its destination rules reports no error', () => {
    const messages = analyze(base);
    expect(messages.filter(m => m.level === 'Error')).toEqual([]);
    // the v2 subsets of ratings and details need Deployments bookinfo.yaml does not have,
    // and reviews runs three versions without a VirtualService
    expect(summary(messages)).toEqual([
      'MESH008 DestinationRule details',
      'MESH008 DestinationRule ratings',
      'MESH007 Service reviews',
    ]);
  });

  test.each(['reviews-jason-v2-v3.yaml', 'reviews-80-20.yaml', 'bookinfo-gateway.yaml'])('with the routing sample %s, no error', sample => {
    const messages = analyze([...base, ...fixture(sample)]);
    expect(messages.filter(m => m.level === 'Error')).toEqual([]);
    expect(withCode(messages, 'MESH001')).toEqual([]);
    expect(withCode(messages, 'IST0130')).toEqual([]);
  });

  test('fault-injection-details-v1 reports its unreachable route and no error', () => {
    const messages = analyze([...base, ...fixture('fault-injection-details-v1.yaml')]);
    expect(messages.filter(m => m.level === 'Error')).toEqual([]);
    const unreachable = messages.filter(m => /unreachable/.test(m.message));
    expect(unreachable).toEqual([expect.objectContaining({
      code: 'IST0130',
      level: 'Warning',
      resource: 'VirtualService details',
      message: 'VirtualService rule #1 not used (only the last rule can have no matches): it is unreachable, rule #0 before it has no matches and takes every request.',
    })]);
    // the sample's DestinationRule replaces bookinfo's (same name)
    expect(summary(withCode(messages, 'MESH010'))).toEqual(['MESH010 DestinationRule details']);
  });
});
