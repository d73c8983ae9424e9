import { describe, expect, it } from 'vitest';
import { parseSize } from '../../../commands/parse-size.js';
import { UserInputError } from '../../../src/errors.js';
import { userText } from '../../../src/slack/user-text.js';

const GI = 2 ** 30;

function rejection(text: string): UserInputError {
  try {
    parseSize(text);
  } catch (error) {
    if (error instanceof UserInputError) return error;
    throw error;
  }
  throw new Error(`parseSize accepted ${JSON.stringify(text)}`);
}

describe('parseSize', () => {
  it.each([
    ['2Gi', '2Gi', 2 * GI],
    ['1536Mi', '1536Mi', 1536 * 2 ** 20],
    ['2048Mi', '2Gi', 2 * GI],
    ['1.5Gi', '1536Mi', 1.5 * GI],
    ['512Ki', '512Ki', 512 * 1024],
    ['1Ti', '1Ti', 2 ** 40],
    ['64Ti', '64Ti', 64 * 2 ** 40],
    ['  3Gi  ', '3Gi', 3 * GI],
  ])('accepts %j as %s', (text, quantity, bytes) => {
    const parsed = parseSize(text);

    expect(parsed.quantity).toBe(quantity);
    expect(parsed.bytes).toBe(bytes);
    expect(parsed.normalizedFrom).toBeUndefined();
  });

  it.each([
    ['2gi', '2Gi'],
    ['2GI', '2Gi'],
    ['2G', '2Gi'],
    ['2GB', '2Gi'],
    ['2gb', '2Gi'],
    ['1536mi', '1536Mi'],
    ['1.5G', '1536Mi'],
  ])('normalizes %j to %s', (text, quantity) => {
    const parsed = parseSize(text);

    expect(parsed.quantity).toBe(quantity);
    expect(parsed.normalizedFrom).toBe(text);
  });

  it.each(['', '0Gi', '0', '-2Gi', '2', '2147483648', '2 GB', '2 Gi', '2T', '2TB', '2M', '2MB', '2K', '2GiB', '1.3Gi', '0.5Ki', '1e9', '2Gi2', 'Gi', 'two', '+2Gi', '2,5Gi', '1.Gi'])(
    'rejects %j as invalid',
    (text) => {
      const error = rejection(text);

      expect(error.code).toBe('invalid_size');
      expect(error.messageKey).toBe('expand.invalidSize');
    },
  );

  it('rejects sizes above 64Ti', () => {
    const error = rejection('65Ti');

    expect(error.code).toBe('size_too_large');
    expect(error.messageKey).toBe('expand.sizeTooLarge');
    expect(error.messageParams.max).toBe('64Ti');
  });

  it('lists the accepted forms in the message', () => {
    const error = rejection('2 GB');
    const text = userText('en', error.messageKey ?? '', { ...error.messageParams });

    expect(text).toContain('`2 GB`');
    expect(text).toContain('`2Gi`');
    expect(text).toContain('`1536Mi`');
    expect(text).toContain('64Ti');
  });

  it('keeps backticks out of the echoed input', () => {
    const error = rejection('`@channel`');

    expect(String(error.messageParams.input)).not.toContain('`');
  });
});
