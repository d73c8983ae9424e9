import { UserInputError } from '../src/errors.js';

/** One argument of a command, with Slack's escapes resolved. */
export type Token =
  | { kind: 'word'; value: string }
  | { kind: 'user'; id: string; label: string | undefined }
  | { kind: 'channel'; id: string; label: string | undefined }
  | { kind: 'usergroup'; id: string; label: string | undefined };

const SLACK_ESCAPE = /^<([@#]|!subteam\^)([A-Z0-9]+)(?:\|([^>]*))?>$/;

/**
 * Splits command text into tokens. Double or single quotes group words; Slack's `<@U…|name>`,
 * `<#C…|name>` and `<!subteam^S…|@name>` escapes become ids, so nothing is ever authorized on a
 * display name.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const raw of splitWords(text)) tokens.push(toToken(raw));
  return tokens;
}

function toToken(raw: { text: string; quoted: boolean }): Token {
  if (raw.quoted) return { kind: 'word', value: decodeEntities(raw.text) };

  const match = SLACK_ESCAPE.exec(raw.text);
  if (match) {
    const [, sigil, id, label] = match;
    const kind = sigil === '@' ? 'user' : sigil === '#' ? 'channel' : 'usergroup';
    return { kind, id: id as string, label: label === undefined || label === '' ? undefined : decodeEntities(label) };
  }
  return { kind: 'word', value: decodeEntities(raw.text) };
}

function splitWords(text: string): { text: string; quoted: boolean }[] {
  const words: { text: string; quoted: boolean }[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    if (char === '"' || char === "'" || char === '“' || char === '‘') {
      const closing = char === '“' ? '”' : char === '‘' ? '’' : char;
      const end = text.indexOf(closing, index + 1);
      if (end === -1) throw new UserInputError('unclosed_quote', `unclosed quote in: ${text}`, 'error.unclosedQuote');
      words.push({ text: text.slice(index + 1, end), quoted: true });
      index = end + 1;
      continue;
    }
    let end = index;
    while (end < text.length && !/\s/.test(text[end] as string)) end += 1;
    words.push({ text: text.slice(index, end), quoted: false });
    index = end;
  }
  return words;
}

/** Slack sends `&`, `<` and `>` in command text as HTML entities. */
function decodeEntities(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}
