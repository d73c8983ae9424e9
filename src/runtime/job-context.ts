import type { Job } from 'bullmq';
import type { WebClient } from '@slack/web-api';
import type { KubeConfig } from '@kubernetes/client-node';
import type { TargetConfig } from '../config/targets-schema.js';
import type { Logger } from '../logging.js';
import type { JobData } from '../queue/job-data.js';
import type { ThreadReporter } from '../slack/thread-reporter.js';

/** The job, target, cluster access, thread reporter and logger that an operation works with. */
export interface JobContext<Data extends JobData = JobData> {
  job: Job<Data>;
  data: Data;
  target: TargetConfig;
  kubeConfig: KubeConfig;
  reporter: ThreadReporter;
  logger: Logger;
  /** The bot's Web API client, for operations that post outside their own thread (incident channels). */
  slack?: WebClient;
}

/** Runs one operation. Throwing fails the job; the runner reports the error in the thread. */
export type OperationHandler<Data extends JobData = JobData> = (context: JobContext<Data>) => Promise<void>;
