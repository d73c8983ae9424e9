/**
 * Annotation that pxmysql sets on a node it cordons, with the job id as value. A job that resumes
 * after cordoning, but before storing that it did, finds its own id here.
 */
export const CORDONED_BY_ANNOTATION = 'pxmysql.io/cordoned-by-job';

export function cordonAnnotation(jobId: string): { key: string; value: string } {
  return { key: CORDONED_BY_ANNOTATION, value: jobId };
}
