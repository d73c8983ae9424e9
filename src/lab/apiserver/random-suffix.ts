import { randomInt } from 'node:crypto';

/** Characters Kubernetes uses in generated names: no vowels and no look-alike digits. */
export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Returns `length` random characters of the alphabet Kubernetes uses for `generateName`. */
export function randomSuffix(length: number): string {
  let suffix = '';
  for (let index = 0; index < length; index += 1) suffix += SAFE_ALPHABET[randomInt(SAFE_ALPHABET.length)];
  return suffix;
}
