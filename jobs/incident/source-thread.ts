import type { IncidentRuntime } from './incident-runtime.js';

/**
 * Returns the thread the incident comes from: the one in the request, or else the job's own
 * thread, whose parent the command posted. Undefined when neither exists yet (the parent could not be posted).
 */
export function sourceThreadOf(runtime: IncidentRuntime): { channel: string; ts: string } | undefined {
  const { data, context } = runtime;
  if (data.incident.sourceThread !== undefined) return data.incident.sourceThread;
  const ts = context.job.data.threadTs ?? context.reporter.parentTs;
  return ts === undefined ? undefined : { channel: data.channel, ts };
}
