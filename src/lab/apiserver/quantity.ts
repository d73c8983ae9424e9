/** Kubernetes resource quantities (`1Gi`, `500M`, `2`), converted to a plain number of units. */

const SUFFIXES: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** Parses a quantity string; throws on a malformed value. */
export function parseQuantity(text: string): number {
  const match = /^([+-]?[0-9.]+)(e[+-]?[0-9]+|[a-zA-Z]*)$/.exec(text.trim());
  if (!match) throw new Error(`invalid quantity "${text}": expected a number with an optional suffix such as Gi or M`);
  const amount = Number(match[1]);
  const suffix = match[2] ?? '';
  if (suffix.startsWith('e')) return amount * 10 ** Number(suffix.slice(1));
  const multiplier = SUFFIXES[suffix];
  if (multiplier === undefined || Number.isNaN(amount)) {
    throw new Error(`invalid quantity "${text}": unknown suffix "${suffix}"`);
  }
  return amount * multiplier;
}
