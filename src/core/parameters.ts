/** Parameter helpers shared by the definitions: validators with messages that say why. */
import type { NumberParameter, Params } from './types.ts';

export const mustBeFinite = (value: number): string | undefined =>
  Number.isFinite(value) ? undefined : 'must be a finite number';

export const mustBePositive = (value: number): string | undefined =>
  Number.isFinite(value) && value > 0 ? undefined : 'must be a finite number greater than 0';

export const mustBeNonNegative = (value: number): string | undefined =>
  Number.isFinite(value) && value >= 0 ? undefined : 'must be a finite number ≥ 0';

export function numberParameter(
  name: string,
  defaultValue: number | null,
  description: string,
  validate: NumberParameter['validate'] = mustBeFinite,
  flagAliases?: readonly string[],
): NumberParameter {
  return { name, type: 'number', default: defaultValue, description, validate, flagAliases };
}

/** Reads a number parameter that the catalogue has already filled in and validated. */
export function numberOf(params: Params, name: string): number {
  const value = params[name];
  if (typeof value !== 'number') throw new TypeError(`parameter ${name} is not a number`);
  return value;
}

/** Reads an optional number parameter: null when absent. */
export function optionalNumberOf(params: Params, name: string): number | null {
  const value = params[name];
  return typeof value === 'number' ? value : null;
}

export function choiceOf(params: Params, name: string): string {
  const value = params[name];
  if (typeof value !== 'string') throw new TypeError(`parameter ${name} is not a choice`);
  return value;
}
