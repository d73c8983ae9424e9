import type { z } from 'zod';

/** Renders zod issues as one line each: where, what was wrong, the value found, and the fix. */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  options: { source: string; root: unknown; secretKeys?: ReadonlySet<string>; fix: string },
): string {
  const lines = issues.map((issue) => {
    const where = issue.path.length === 0 ? '(top level)' : issue.path.map(String).join('.');
    const found = valueAt(options.root, issue.path);
    // zod reports a missing key as "expected string, received undefined", so the line names the key as missing instead.
    if (found === undefined && issue.code === 'invalid_type') return `  ${options.source} ${where}: missing, and it is required`;
    const value = describeValue(found, isSecret(issue.path, options.secretKeys));
    return `  ${options.source} ${where}: ${issue.message} (got ${value})`;
  });
  return `invalid configuration:\n${lines.join('\n')}\n${options.fix}`;
}

function isSecret(path: readonly PropertyKey[], secretKeys: ReadonlySet<string> | undefined): boolean {
  const first = path[0];
  return typeof first === 'string' && (secretKeys?.has(first) ?? false);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeValue(value: unknown, secret: boolean): string {
  if (value === undefined) return 'nothing';
  if (secret) return `a secret value of ${String(value).length} characters, not shown`;
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
