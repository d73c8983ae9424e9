import { describe, expect, it } from 'vitest';
import { jobLogger } from '../../../src/logging.js';
import { captureLogger } from '../../support/capture-logger.js';

describe('root logger', () => {
  it('redacts tokens, passwords and Secret data', () => {
    const { logger, text } = captureLogger();
    logger.info(
      {
        token: 'xoxb-secret-token',
        config: { signingSecret: 'signing-value', botToken: 'xoxb-nested' },
        connection: { password: 'hunter2' },
        secret: { data: { password: 'cGFzc3dvcmQ=' } },
        headers: { authorization: 'Bearer abc' },
      },
      'startup',
    );
    const output = text();
    for (const secret of ['xoxb-secret-token', 'signing-value', 'xoxb-nested', 'hunter2', 'cGFzc3dvcmQ=', 'Bearer abc']) {
      expect(output).not.toContain(secret);
    }
    expect(output).toContain('[redacted]');
  });

  it('keeps ordinary fields', () => {
    const { logger, lines } = captureLogger();
    logger.info({ target: 'orders-db', data: { operation: 'status' } }, 'enqueued');
    expect(lines[0]).toMatchObject({ target: 'orders-db', data: { operation: 'status' }, msg: 'enqueued' });
  });
});

describe('jobLogger', () => {
  it('carries job, operation, target and user ids', () => {
    const { logger, lines } = captureLogger();
    jobLogger(logger, { jobId: 'status-1', operation: 'status', target: 'orders-db', slackUser: 'U0LABONC1' }).info('step done');
    expect(lines[0]).toMatchObject({ jobId: 'status-1', operation: 'status', target: 'orders-db', slackUser: 'U0LABONC1', msg: 'step done' });
  });
});
