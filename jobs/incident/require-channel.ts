import { PxmysqlError } from '../../src/errors.js';
import type { IncidentState } from './incident-data.js';

/** Returns the channel that `create-channel` stored; throws when a later step runs without it. */
export function requireChannel(state: IncidentState): { id: string; name: string } {
  if (state.channel === undefined) {
    throw new PxmysqlError('incident_state_invalid', 'the incident job state has no channel, but create-channel is marked done');
  }
  return state.channel;
}
