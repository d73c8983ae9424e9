import { badRequest } from './api-error.js';

/**
 * Label selectors in the query-string syntax of `?labelSelector=`: equality (`a=b`, `a==b`,
 * `a!=b`), set-based (`a in (x,y)`, `a notin (x)`), existence (`a`) and absence (`!a`).
 */
export type LabelRequirement =
  | { key: string; operator: 'in' | 'notin'; values: string[] }
  | { key: string; operator: 'exists' | 'doesnotexist' };

export type LabelSelector = LabelRequirement[];

/** Parses a selector string; an empty string selects everything. Throws a 400 ApiError when invalid. */
export function parseLabelSelector(text: string): LabelSelector {
  const requirements: LabelSelector = [];
  for (const term of splitTerms(text)) {
    requirements.push(parseTerm(term, text));
  }
  return requirements;
}

export function matchesLabelSelector(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const actual = labels ?? {};
  return selector.every((requirement) => {
    const has = Object.prototype.hasOwnProperty.call(actual, requirement.key);
    switch (requirement.operator) {
      case 'exists':
        return has;
      case 'doesnotexist':
        return !has;
      case 'in':
        return has && requirement.values.includes(actual[requirement.key] as string);
      case 'notin':
        return !has || !requirement.values.includes(actual[requirement.key] as string);
    }
  });
}

/** Converts a `metav1.LabelSelector` (matchLabels, matchExpressions) as found in specs. */
export function labelSelectorFromSpec(spec: {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
} | undefined): LabelSelector {
  const requirements: LabelSelector = [];
  for (const [key, value] of Object.entries(spec?.matchLabels ?? {})) {
    requirements.push({ key, operator: 'in', values: [value] });
  }
  for (const expression of spec?.matchExpressions ?? []) {
    const operator = expression.operator.toLowerCase();
    if (operator === 'in' || operator === 'notin') {
      requirements.push({ key: expression.key, operator, values: expression.values ?? [] });
    } else if (operator === 'exists' || operator === 'doesnotexist') {
      requirements.push({ key: expression.key, operator });
    }
  }
  return requirements;
}

/** Splits at commas that are not inside parentheses. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const character of text) {
    if (character === '(') depth += 1;
    if (character === ')') depth -= 1;
    if (character === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else {
      current += character;
    }
  }
  if (current.trim() !== '') terms.push(current.trim());
  return terms.filter((term) => term !== '');
}

const KEY = /^([a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?\/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/;
const VALUE = /^([a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?)?$/;

function parseTerm(term: string, whole: string): LabelRequirement {
  const setMatch = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
  if (setMatch) {
    const values = (setMatch[3] ?? '').split(',').map((value) => value.trim()).filter((value) => value !== '');
    return checked({ key: setMatch[1] ?? '', operator: setMatch[2] as 'in' | 'notin', values }, whole);
  }
  const equalityMatch = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (equalityMatch) {
    const operator = equalityMatch[2] === '!=' ? 'notin' : 'in';
    return checked({ key: equalityMatch[1] ?? '', operator, values: [equalityMatch[3] ?? ''] }, whole);
  }
  if (term.startsWith('!')) return checked({ key: term.slice(1).trim(), operator: 'doesnotexist' }, whole);
  return checked({ key: term, operator: 'exists' }, whole);
}

function checked(requirement: LabelRequirement, whole: string): LabelRequirement {
  if (!KEY.test(requirement.key)) {
    throw badRequest(`unable to parse requirement: invalid label key "${requirement.key}" in selector "${whole}"`);
  }
  if ('values' in requirement) {
    for (const value of requirement.values) {
      if (!VALUE.test(value) || value.length > 63) {
        throw badRequest(`unable to parse requirement: invalid label value "${value}" in selector "${whole}"`);
      }
    }
  }
  return requirement;
}
