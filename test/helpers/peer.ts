/** Comparing act with a framework run as a peer, point by point: the rule both peer tests apply. */
import type { Activation } from '../../src/core/evaluate.ts';
import { decode, ulpDistance } from './ulp.ts';

/** A peer's answer for one case: its values and gradients, and the exact ones (mpmath), at each point. */
export type PeerAnswer = Record<'values' | 'gradients' | 'exactValues' | 'exactGradients', Array<number | string>>;

/**
 * The disagreements: at a kink the gradient must be the peer's exactly (the value within 4 ulp);
 * elsewhere act must be within 4 ulp of the peer or at least as close to the exact result.
 */
export function peerDisagreements(activation: Activation, points: readonly number[], kinks: ReadonlySet<number>, answer: PeerAnswer, peer: string): string[] {
  const failures: string[] = [];
  points.forEach((x, i) => {
    for (const what of ['value', 'gradient'] as const) {
      const ours = what === 'value' ? activation.value(x) : activation.gradient(x);
      const theirs = decode(answer[what === 'value' ? 'values' : 'gradients'][i]);
      const exact = decode(answer[what === 'value' ? 'exactValues' : 'exactGradients'][i]);
      if (kinks.has(x)) {
        if (what === 'gradient' && !Object.is(ours, theirs) && ours !== theirs) failures.push(`gradient at the kink x = ${x}: act ${ours}, ${peer} ${theirs}`);
        if (what === 'value' && ours !== theirs && ulpDistance(ours, theirs) > 4) failures.push(`value at the kink x = ${x}: act ${ours}, ${peer} ${theirs}`);
        continue;
      }
      if (ulpDistance(ours, theirs) <= 4 || ulpDistance(ours, exact) <= ulpDistance(theirs, exact)) continue;
      failures.push(`${what} at x = ${x}: act ${ours}, ${peer} ${theirs}, exact ${exact}`);
    }
  });
  return failures;
}
