import { verifySlackRequest } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../../src/lab/slack/signing.js';

const SECRET = 'unit-test-secret';
const BODY = 'command=%2Fpxmysql&text=status';

function verify(headers: Record<string, string>, secret = SECRET): boolean {
  try {
    verifySlackRequest({
      signingSecret: secret,
      body: BODY,
      headers: {
        'x-slack-signature': headers['x-slack-signature'] ?? '',
        'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
      },
    });
    return true;
  } catch {
    return false;
  }
}

describe('signRequest', () => {
  it('passes Bolt verification', () => {
    expect(verify(signRequest(SECRET, BODY))).toBe(true);
  });

  it('fails with another secret', () => {
    expect(verify(signRequest(SECRET, BODY), 'other-secret')).toBe(false);
  });

  it('fails when stale', () => {
    const staleSeconds = Math.floor(Date.now() / 1000) - 6 * 60;
    expect(verify(signRequest(SECRET, BODY, staleSeconds))).toBe(false);
  });

  it('uses the v0 format', () => {
    const headers = signRequest(SECRET, BODY, 1_700_000_000);
    expect(headers['x-slack-request-timestamp']).toBe('1700000000');
    expect(headers['x-slack-signature']).toMatch(/^v0=[0-9a-f]{64}$/);
  });
});
