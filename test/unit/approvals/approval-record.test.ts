import { describe, expect, it } from 'vitest';
import { fromApprovalHash, pairsToHash, toApprovalHash } from '../../../src/approvals/approval-record.js';
import type { Approval } from '../../../src/approvals/approval-types.js';

const approval: Approval = {
  id: 'apr_0123456789abcdef0123',
  operation: 'restore',
  target: 'orders-db',
  params: { snapshot: 'orders-db-snap-1', tables: [], limit: 9007199254740991 },
  requestedBy: 'U0REQUEST1',
  channel: 'C0LABOPS1',
  triggerId: '1.2.3',
  locale: 'zh-CN',
  status: 'pending',
  createdAt: new Date('2025-03-01T10:00:00.000Z'),
  expiresAt: new Date('2025-03-01T10:15:00.000Z'),
};

describe('approval hash', () => {
  it('round-trips a pending approval', () => {
    expect(fromApprovalHash(toApprovalHash(approval))).toEqual(approval);
  });

  it('stores times as epoch milliseconds', () => {
    const hash = toApprovalHash(approval);
    expect(hash.createdAtMs).toBe('1740823200000');
    expect(hash.expiresAtMs).toBe('1740824100000');
  });

  it('reads decision and message fields', () => {
    const hash = {
      ...toApprovalHash(approval),
      status: 'approved',
      verdict: 'approved',
      decidedBy: 'U0APPROVE1',
      decidedAtMs: '1740823260000',
      breakGlassReason: 'alone on call',
      messageChannel: 'C0LABOPS1',
      messageTs: '1740823201.000100',
    };
    const read = fromApprovalHash(hash);
    expect(read.status).toBe('approved');
    expect(read.verdict).toBe('approved');
    expect(read.decidedBy).toBe('U0APPROVE1');
    expect(read.decidedAt).toEqual(new Date('2025-03-01T10:01:00.000Z'));
    expect(read.breakGlassReason).toBe('alone on call');
    expect(read.messageChannel).toBe('C0LABOPS1');
    expect(read.messageTs).toBe('1740823201.000100');
  });

  it('rejects a hash without required fields', () => {
    const { expiresAtMs: _dropped, ...partial } = toApprovalHash(approval);
    expect(() => fromApprovalHash(partial)).toThrow(/apr_0123456789abcdef0123 .* missing required fields/);
  });

  it('pairs HGETALL replies into an object', () => {
    expect(pairsToHash(['status', 'pending', 'id', 'apr_x'])).toEqual({ status: 'pending', id: 'apr_x' });
    expect(pairsToHash([])).toEqual({});
  });
});
