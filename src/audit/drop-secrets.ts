/** Key names dropped from audit params at any depth, matched case-insensitively as substrings. */
const SECRET_KEY_PATTERN = /pass(?:word|wd|phrase)|token|secret|credential|api[-_]?key|private[-_]?key|authorization|cookie/i;

/**
 * Returns a copy of `params` without keys that name a secret (`password`, `rootPassword`,
 * `botToken`, `signingSecret`, …), in nested objects and arrays too. Values are not inspected, so a
 * secret under an innocent key name is kept.
 */
export function dropSecretParams(params: Record<string, unknown>): Record<string, unknown> {
  return dropFromObject(params);
}

function dropFromObject(value: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_KEY_PATTERN.test(key)) continue;
    copy[key] = dropFromValue(item);
  }
  return copy;
}

function dropFromValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => dropFromValue(item));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) return dropFromObject(value as Record<string, unknown>);
  return value;
}
