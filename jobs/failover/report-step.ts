import type { Step } from '../../src/runtime/step-runner.js';
import { outputMessages } from '../../src/slack/blocks/output-messages.js';
import type { FailoverRuntime } from './failover-context.js';
import type { FailoverState } from './failover-data.js';
import { failoverSummary } from './failover-report.js';

/**
 * Replies with the summary and the `pxctl volume inspect` output taken by the verify step. Run
 * again after a crash, it posts the summary again, which is the only repeat a resume can cause.
 */
export function reportStep(runtime: FailoverRuntime): Step<FailoverState> {
  return {
    name: 'report',
    run: async (state) => {
      const { data } = runtime;
      runtime.reply(failoverSummary(data.locale, data.target, state, data.keepCordoned));
      const output = state.verification?.inspectOutput;
      if (output !== undefined) {
        for (const message of outputMessages(runtime.text('failover.report.inspectHeading'), output)) runtime.reply(message);
      }
      // Deliver before the step is stored as done, or a worker killed right after loses the summary for good.
      await runtime.context.reporter.flush();
      return {};
    },
  };
}
