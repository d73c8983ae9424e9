/**
 * Errors of the lab apiserver, carried as `meta/v1` Status objects like a real apiserver sends them.
 * The object store throws them too, so in-process controllers see the same reasons as HTTP clients.
 */

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface StatusObject {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Success' | 'Failure';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

export class ApiError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details: StatusDetails | undefined;

  constructor(code: number, reason: string, message: string, details?: StatusDetails) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  toStatus(): StatusObject {
    const status: StatusObject = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) status.details = this.details;
    return status;
  }
}

/** Identifies an object in error messages, e.g. `pods "mysql-0"` or `deployments.apps "mysql"`. */
export interface ErrorSubject {
  /** Resource name with its group, as the apiserver prints it: `pods`, `deployments.apps`. */
  qualifiedResource: string;
  group: string;
  plural: string;
  name: string;
}

export function notFound(subject: ErrorSubject): ApiError {
  return new ApiError(404, 'NotFound', `${subject.qualifiedResource} "${subject.name}" not found`, {
    name: subject.name,
    group: subject.group,
    kind: subject.plural,
  });
}

export function alreadyExists(subject: ErrorSubject): ApiError {
  return new ApiError(409, 'AlreadyExists', `${subject.qualifiedResource} "${subject.name}" already exists`, {
    name: subject.name,
    group: subject.group,
    kind: subject.plural,
  });
}

export function conflict(subject: ErrorSubject, reason: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${subject.qualifiedResource} "${subject.name}": ${reason}`,
    { name: subject.name, group: subject.group, kind: subject.plural },
  );
}

/** Builds a 403 Forbidden error as admission plugins raise it: `persistentvolumeclaims "x" is forbidden: REASON`. */
export function forbidden(subject: ErrorSubject, reason: string): ApiError {
  return new ApiError(403, 'Forbidden', `${subject.qualifiedResource} "${subject.name}" is forbidden: ${reason}`, {
    name: subject.name,
    group: subject.group,
    kind: subject.plural,
  });
}

/** Builds a 422 Invalid error. `kind` is the object's kind, as in `Pod "x" is invalid: …`. */
export function invalid(kind: string, group: string, name: string, causes: Required<Pick<StatusCause, 'field' | 'message'>>[]): ApiError {
  const summary = causes.map((cause) => `${cause.field}: ${cause.message}`).join(', ');
  const messageCauses = causes.map((cause) => ({ reason: 'FieldValueInvalid', message: cause.message, field: cause.field }));
  return new ApiError(422, 'Invalid', `${kind} "${name}" is invalid: ${summary}`, {
    name,
    group,
    kind,
    causes: messageCauses,
  });
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function methodNotAllowed(method: string, path: string): ApiError {
  return new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource: ${method} ${path}`);
}

export function unsupportedMediaType(contentType: string, accepted: string[]): ApiError {
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}; received: ${contentType || '(none)'}`,
  );
}

export function gone(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}
