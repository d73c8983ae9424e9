/**
 * Watches the output stream of a lab CLI command for write errors. A stream such as process.stdout
 * emits 'error' when a write fails, and without a listener that error crashes the process with a
 * stack trace. When the reader has gone away (`lab send … | head`), writes fail with EPIPE: the
 * watch aborts `signal` so that the command stops and exits quietly, as Unix filters do.
 */
export class OutputWatch {
  private readonly controller = new AbortController();
  private firstError: NodeJS.ErrnoException | undefined;

  constructor(stream: NodeJS.WritableStream) {
    // The listener stays attached, because writes after the first failure fail again and must not crash either.
    stream.on('error', (error: NodeJS.ErrnoException) => {
      this.firstError ??= error;
      this.controller.abort(error);
    });
  }

  /** Aborted at the first failed write. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The first write error when it was something other than a closed pipe, else undefined. */
  get failure(): NodeJS.ErrnoException | undefined {
    return this.firstError?.code === 'EPIPE' ? undefined : this.firstError;
  }
}
