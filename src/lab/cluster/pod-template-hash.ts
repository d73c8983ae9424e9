import { SAFE_ALPHABET } from '../apiserver/random-suffix.js';

/**
 * Computes a `pod-template-hash` label value the way the Deployment controller shapes it: a
 * 32-bit FNV-1a hash of the pod template, printed in decimal, each digit mapped into the alphabet
 * Kubernetes uses for generated names. The hash input is the template's JSON, so values differ
 * from a real cluster's for the same template, but they are stable and look alike.
 */
export function podTemplateHash(template: unknown, collisionCount = 0): string {
  const input = `${JSON.stringify(template)}#${collisionCount}`;
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(input, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return [...String(hash)].map((digit) => SAFE_ALPHABET[digit.charCodeAt(0) % SAFE_ALPHABET.length]).join('');
}
