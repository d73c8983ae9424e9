import { PxmysqlError } from '../../src/errors.js';
import type { OperationHandler } from '../../src/runtime/job-context.js';
import { runSteps, type Step } from '../../src/runtime/step-runner.js';
import { createChannelStep } from './create-channel-step.js';
import { INCIDENT_STEPS, type IncidentJobData, type IncidentState } from './incident-data.js';
import { createIncidentRuntime, type IncidentRuntime } from './incident-runtime.js';
import { inviteOnCallStep } from './invite-on-call-step.js';
import { linkSourceThreadStep } from './link-source-thread-step.js';
import { postSummaryStep } from './post-summary-step.js';
import { setTopicStep } from './set-topic-step.js';

/**
 * Runs the `incident` operation: creates the channel, invites the on-call people, sets the topic,
 * posts the summary and names the channel in the source thread. The state is stored in the job
 * data (`state`) after each step, so a resumed job goes on at the first unfinished step.
 */
export const runIncident: OperationHandler<IncidentJobData> = async (context) => {
  if (context.slack === undefined) {
    throw new PxmysqlError('incident_no_slack_client', 'the incident job runs without a Slack Web API client');
  }
  const runtime = createIncidentRuntime(context, context.slack);
  const { job, logger } = context;
  const state: IncidentState = job.data.state ?? { completedSteps: [] };
  if (state.completedSteps.length > 0) logger.info({ completedSteps: state.completedSteps }, 'resuming the incident job');

  await runSteps({
    steps: incidentSteps(runtime),
    state,
    persist: async (next) => {
      await job.updateData({ ...job.data, state: next });
    },
    onStepStart: (name) => logger.info({ step: name }, 'step started'),
    onStepDone: (name) => logger.info({ step: name }, 'step done'),
  });
};

function incidentSteps(runtime: IncidentRuntime): Array<Step<IncidentState>> {
  const steps = [createChannelStep(runtime), inviteOnCallStep(runtime), setTopicStep(runtime), postSummaryStep(runtime), linkSourceThreadStep(runtime)];
  const names = steps.map((step) => step.name);
  if (names.join() !== INCIDENT_STEPS.join()) throw new Error(`incident steps ${names.join(', ')} differ from INCIDENT_STEPS`);
  return steps;
}
