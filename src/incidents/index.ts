export { createIncidentOpener, incidentJobData } from './incident-opener.js';
export type { IncidentRequest, IncidentTrigger, OpenIncident } from './incident-request.js';
