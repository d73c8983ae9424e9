import type { Token } from './tokenize.js';

/** `/pxmysql incident [target] [title]`: the words after `incident`, the target (if any) first. */
export type IncidentCommandRequest = { subcommand: 'incident'; words: string[] };

/**
 * Keeps every word of the title as typed. A mention in the title keeps its label (or its id),
 * because the title is plain text that is shown escaped, never a mention.
 */
export function parseIncident(args: Token[]): IncidentCommandRequest {
  return { subcommand: 'incident', words: args.map(wordText) };
}

/** Returns the first word when it names a configured target; the router resolves the default otherwise. */
export function incidentTargetName(targets: Readonly<Record<string, unknown>>, words: readonly string[]): string | undefined {
  const [first] = words;
  return first !== undefined && Object.hasOwn(targets, first) ? first : undefined;
}

/** Returns the title words: every word after a leading target name. */
export function incidentTitleWords(targets: Readonly<Record<string, unknown>>, words: readonly string[]): string[] {
  return incidentTargetName(targets, words) === undefined ? [...words] : words.slice(1);
}

function wordText(token: Token): string {
  switch (token.kind) {
    case 'word':
      return token.value;
    case 'user':
      return `@${token.label ?? token.id}`;
    case 'channel':
      return `#${token.label ?? token.id}`;
    case 'usergroup':
      return token.label ?? token.id;
  }
}
