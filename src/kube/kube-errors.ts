import { ApiException } from '@kubernetes/client-node';
import { PxmysqlError } from '../errors.js';

/**
 * Turns a Kubernetes client error into a PxmysqlError with a short message built from the status
 * code and the Status body's reason. The raw response body is kept only as the cause, for logs.
 */
export function toKubeError(error: unknown, what: string): PxmysqlError {
  if (error instanceof ApiException) {
    const status = parseStatusBody(error.body);
    const reason = status?.reason ?? `HTTP ${error.code}`;
    const kind = error.code >= 500 || error.code === 429 ? 'retryable' : 'permanent';
    const code = error.code === 404 ? 'kube_not_found' : error.code === 401 || error.code === 403 ? 'kube_forbidden' : 'kube_api_error';
    const message = error.code === 404 ? `${what} not found` : `${what}: Kubernetes API returned ${error.code} ${reason}`;
    return new PxmysqlError(code, message, { kind, cause: error });
  }
  return new PxmysqlError('kube_unreachable', `${what}: cannot reach the Kubernetes API (${(error as Error)?.message ?? String(error)})`, {
    kind: 'retryable',
    cause: error,
  });
}

function parseStatusBody(body: unknown): { reason?: string; message?: string } | undefined {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as { reason?: string };
    } catch {
      return undefined;
    }
  }
  return body && typeof body === 'object' ? (body as { reason?: string }) : undefined;
}

export function isNotFound(error: unknown): boolean {
  return (error instanceof ApiException && error.code === 404) || (error instanceof PxmysqlError && error.code === 'kube_not_found');
}
