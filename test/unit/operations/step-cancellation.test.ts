import { describe, expect, it } from 'vitest';
import { findJobCancelled, JobCancellation } from '../../../src/runtime/cancellation.js';
import type { CancelRequest } from '../../../src/runtime/cancel-requests.js';
import { runSteps, type Step, type StepState } from '../../../src/runtime/step-runner.js';
import { captureLogger } from '../../support/capture-logger.js';

type State = StepState;

const REQUEST: CancelRequest = { by: 'U0LABONC1', at: '2026-12-04T22:00:00.000Z' };

function steps(ran: string[], wait?: (signal: AbortSignal | undefined) => Promise<void>): Array<Step<State>> {
  return ['preflight', 'cordon-node', 'wait-for-replacement', 'verify'].map((name) => ({
    name,
    run: async () => {
      ran.push(name);
      if (name === 'wait-for-replacement' && wait !== undefined) await wait(undefined);
      return {};
    },
  }));
}

function run(cancellation: JobCancellation, ran: string[], state: State = { completedSteps: [] }, stored: State[] = []): Promise<unknown> {
  return cancellation
    .run(() => runSteps<State>({ steps: steps(ran), state, persist: async (next) => void stored.push(next), crashAfterStep: undefined }))
    .then(() => undefined, (error: unknown) => error);
}

describe('job cancellation', () => {
  it('stops at the next step boundary', async () => {
    const ran: string[] = [];
    const stored: State[] = [];
    const cancellation = new JobCancellation('failover-test', async () => (ran.length >= 2 ? REQUEST : undefined), captureLogger().logger);

    const error = await run(cancellation, ran, { completedSteps: [] }, stored);

    expect(findJobCancelled(error)).toMatchObject({ code: 'job_cancelled', step: 'wait-for-replacement', when: 'before', request: { by: 'U0LABONC1' } });
    expect(ran).toEqual(['preflight', 'cordon-node']);
    expect(stored.at(-1)?.completedSteps).toEqual(['preflight', 'cordon-node']);
  });

  it('runs every step without a request', async () => {
    const ran: string[] = [];
    const error = await run(new JobCancellation('failover-test', async () => undefined, captureLogger().logger), ran);
    expect(error).toBeUndefined();
    expect(ran).toHaveLength(4);
  });

  it('ignores requests outside a job', async () => {
    // Compensations run after the job's scope, so a cancel request must not stop them.
    const ran: string[] = [];
    await runSteps<State>({ steps: steps(ran), state: { completedSteps: [] }, persist: async () => undefined, crashAfterStep: undefined });
    expect(ran).toHaveLength(4);
  });

  it('skips checks for finished steps', async () => {
    const ran: string[] = [];
    let reads = 0;
    const cancellation = new JobCancellation('failover-test', async () => {
      reads += 1;
      return undefined;
    }, captureLogger().logger);
    await run(cancellation, ran, { completedSteps: ['preflight', 'cordon-node'] });
    expect(ran).toEqual(['wait-for-replacement', 'verify']);
    expect(reads).toBe(2);
  });

  it('goes on when the request cannot be read', async () => {
    const ran: string[] = [];
    const logs = captureLogger();
    const cancellation = new JobCancellation('failover-test', async () => Promise.reject(new Error('Redis is down')), logs.logger);
    expect(await run(cancellation, ran)).toBeUndefined();
    expect(ran).toHaveLength(4);
  });

  it('never stops a clean-up step', async () => {
    const ran: string[] = [];
    const cancellation = new JobCancellation('restore-drill-test', async () => REQUEST, captureLogger().logger, 10);
    const cleanUp: Step<State> = {
      name: 'teardown',
      cancellable: false,
      run: async () => {
        // Several polls pass while the step runs; none may abort it.
        await new Promise((resolve) => setTimeout(resolve, 50));
        ran.push('teardown');
        expect(cancellation.signal.aborted).toBe(false);
        return {};
      },
    };
    const error = await cancellation
      .run(() => runSteps<State>({ steps: [cleanUp, ...steps(ran)], state: { completedSteps: [] }, persist: async () => undefined, crashAfterStep: undefined }))
      .then(() => undefined, (caught: unknown) => caught);

    expect(ran).toEqual(['teardown']);
    expect(findJobCancelled(error)).toMatchObject({ step: 'preflight', when: 'before' });
  });

  it('aborts the signal during a step', async () => {
    let requested: CancelRequest | undefined;
    const cancellation = new JobCancellation('failover-test', async () => requested, captureLogger().logger, 10);
    const waiting = cancellation.run(async () => {
      await runSteps<State>({
        steps: [
          {
            name: 'wait-for-replacement',
            run: () =>
              new Promise((_, reject) => {
                requested = REQUEST;
                cancellation.signal.addEventListener('abort', () => reject(new Error('wait stopped', { cause: cancellation.signal.reason })));
              }),
          },
        ],
        state: { completedSteps: [] },
        persist: async () => undefined,
        crashAfterStep: undefined,
      });
    });

    const error = await waiting.then(() => undefined, (caught: unknown) => caught);
    expect(findJobCancelled(error)).toMatchObject({ step: 'wait-for-replacement', when: 'during', request: { by: 'U0LABONC1' } });
  });
});
