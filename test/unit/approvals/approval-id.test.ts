import { describe, expect, it } from 'vitest';
import { isApprovalId, newApprovalId } from '../../../src/approvals/approval-id.js';

describe('approval ids', () => {
  it('creates ids that pass the format check', () => {
    const ids = new Set(Array.from({ length: 1_000 }, () => newApprovalId()));
    expect(ids.size).toBe(1_000);
    for (const id of ids) {
      expect(id).toMatch(/^apr_[0-9a-f]{20}$/);
      expect(isApprovalId(id)).toBe(true);
    }
  });

  it.each([
    ['empty', ''],
    ['prefix only', 'apr_'],
    ['upper-case hex', 'apr_0123456789ABCDEF0123'],
    ['too short', 'apr_0123456789abcdef012'],
    ['too long', 'apr_0123456789abcdef01234'],
    ['other prefix', 'job_0123456789abcdef0123'],
    ['glob pattern', 'apr_*'],
    ['trailing newline', 'apr_0123456789abcdef0123\n'],
    ['key separator', 'apr_0123456789abcdef0123:x'],
  ])('rejects %s', (_name, value) => {
    expect(isApprovalId(value)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(isApprovalId(undefined)).toBe(false);
    expect(isApprovalId(42)).toBe(false);
  });
});
