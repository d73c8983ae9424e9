import { describe, expect, it } from 'vitest';
import { SendTracker } from '../../../src/lab/cli/send-tracker.js';
import type { LabEvent, LabMessage } from '../../../src/lab/slack/message-types.js';

let seq = 0;

function message(fields: Partial<LabMessage>): LabMessage {
  return { type: 'message', ts: '1700000000.000100', channel: 'C0LABOPS1', team: 'T0LAB0001', user: 'U0LABBOT1', text: '', ...fields };
}

function event(kind: LabEvent['kind'], fields: Partial<LabEvent> = {}): LabEvent {
  seq += 1;
  return { seq, kind, at: new Date().toISOString(), channel: 'C0LABOPS1', ...fields };
}

function job(state: string, kind: 'message' | 'update' = 'message', ts = '1700000000.000100'): LabEvent {
  return event(kind, {
    message: message({ ts, text: `job ${state}`, metadata: { event_type: 'pxmysql_job', event_payload: { job_id: 'j1', operation: 'expand', target: 'db', state } } }),
  });
}

describe('SendTracker', () => {
  it('succeeds when the job succeeds', () => {
    const tracker = new SendTracker();
    expect(tracker.handle(job('queued')).exitCode).toBeUndefined();
    const reply = tracker.handle(event('message', { message: message({ ts: '1700000000.000200', thread_ts: '1700000000.000100', text: 'step done' }) }));
    expect(reply.lines[0]).toBe('  [reply 1700000000.000200]');
    expect(reply.lines[1]).toBe('    step done');
    const done = tracker.handle(job('succeeded', 'update'));
    expect(done.lines[0]).toBe('[updated 1700000000.000100] (job j1, expand db: succeeded)');
    expect(done.exitCode).toBe(0);
  });

  it('fails when the job fails', () => {
    const tracker = new SendTracker();
    tracker.handle(job('running'));
    expect(tracker.handle(job('failed', 'update')).exitCode).toBe(1);
  });

  it('ends with exit code 1 when the job is cancelled', () => {
    const tracker = new SendTracker();
    tracker.handle(job('running'));
    expect(tracker.handle(job('cancelled', 'update')).exitCode).toBe(1);
  });

  it('waits for every job', () => {
    const tracker = new SendTracker();
    tracker.handle(job('running', 'message', '1700000000.000100'));
    tracker.handle(job('running', 'message', '1700000000.000300'));
    expect(tracker.handle(job('succeeded', 'update', '1700000000.000100')).exitCode).toBeUndefined();
    expect(tracker.handle(job('succeeded', 'update', '1700000000.000300')).exitCode).toBe(0);
  });

  it('settles on a plain ephemeral reply', () => {
    const tracker = new SendTracker();
    const step = tracker.handle(event('ephemeral', { message: message({ text: 'help text' }) }));
    expect(step.startSettleTimer).toBe(true);
    expect(step.exitCode).toBeUndefined();
    expect(tracker.settle()).toBe(0);
  });

  it('keeps waiting when a job follows the ephemeral reply', () => {
    const tracker = new SendTracker();
    tracker.handle(event('ephemeral', { message: message({ text: 'queued, see thread' }) }));
    tracker.handle(job('queued'));
    expect(tracker.settle()).toBeUndefined();
  });

  it('fails on an error block', () => {
    const tracker = new SendTracker();
    const step = tracker.handle(event('ephemeral', { message: message({ blocks: [{ type: 'section', block_id: 'pxmysql-error-x', text: { type: 'mrkdwn', text: 'denied' } }] }) }));
    expect(step.exitCode).toBe(1);
  });

  it('fails on a failed delivery', () => {
    const tracker = new SendTracker();
    const step = tracker.handle(event('delivery', { delivery: { mode: 'socket', ok: false, error: 'dispatch_failed', elapsedMs: 0 } }));
    expect(step.exitCode).toBe(1);
    expect(step.lines[0]).toContain('"dispatch_failed"');
  });

  it('fails on a rejected approval', () => {
    const tracker = new SendTracker();
    const approval = (state: string, kind: 'message' | 'update') =>
      event(kind, { message: message({ text: 'approval', metadata: { event_type: 'pxmysql_approval', event_payload: { state } } }) });
    expect(tracker.handle(approval('pending', 'message')).exitCode).toBeUndefined();
    expect(tracker.handle(approval('rejected', 'update')).exitCode).toBe(1);
  });

  it('describes what it waits for', () => {
    const tracker = new SendTracker();
    expect(tracker.describeWait()).toBe('a reply from the bot');
    tracker.handle(job('running'));
    expect(tracker.describeWait()).toBe('job message 1700000000.000100 (running) to finish');
  });
});
