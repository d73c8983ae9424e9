/** Output and exit code of one `pxctl` invocation, as the exec endpoint returns them. */
export interface PxctlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Builds a failed result: `message` and a newline on stderr, exit code 1. */
export function failure(message: string): PxctlResult {
  return { stdout: '', stderr: `${message}\n`, exitCode: 1 };
}

/** Builds a successful result that prints `stdout`. */
export function success(stdout: string): PxctlResult {
  return { stdout, stderr: '', exitCode: 0 };
}
