import type { IncidentJobData } from '../../jobs/incident/incident-data.js';
import { PxmysqlError } from '../errors.js';
import type { Logger } from '../logging.js';
import type { JobProducer } from '../queue/job-producer.js';
import type { IncidentRequest, OpenIncident } from './incident-request.js';

/** Shown as the requester of an incident nobody asked for (a failed job without one, or a health alert). */
const AUTOMATIC_REQUESTER = 'pxmysql';

/**
 * Creates the function that opens incidents by enqueueing an `incident` job. The job id derives
 * from `dedupeKey`, so repeated requests for one cause (a job that fails on two workers, an alert
 * seen twice) enqueue one job and open one channel.
 */
export function createIncidentOpener(producer: Pick<JobProducer, 'enqueue'>, logger: Logger): OpenIncident {
  return async (request) => {
    const data = incidentJobData(request);
    const result = await producer.enqueue(data, request.dedupeKey);
    logger.info(
      { jobId: result.jobId, target: request.target, channel: data.channel, trigger: request.trigger, created: result.created },
      result.created ? 'enqueued the incident job' : 'incident job already enqueued for this cause',
    );
  };
}

/** Builds the job data of an incident. Its thread goes in the source thread's channel, or in `request.channel`. */
export function incidentJobData(request: IncidentRequest): IncidentJobData {
  const channel = request.sourceThread?.channel ?? request.channel;
  if (channel === undefined) {
    throw new PxmysqlError('incident_no_channel', `incident ${request.dedupeKey} on ${request.target} has neither a source thread nor a channel to report in`);
  }
  return {
    operation: 'incident',
    target: request.target,
    requestedBy: request.requestedBy ?? AUTOMATIC_REQUESTER,
    channel,
    triggerId: request.dedupeKey,
    locale: request.locale,
    incident: {
      about: request.operation,
      trigger: request.trigger,
      title: request.title,
      dedupeKey: request.dedupeKey,
      ...(request.sourceThread === undefined ? {} : { sourceThread: request.sourceThread }),
      ...(request.jobId === undefined ? {} : { failedJobId: request.jobId }),
    },
  };
}
