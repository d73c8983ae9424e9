import { PassThrough } from 'node:stream';
import type { V1Status } from '@kubernetes/client-node';
import { WebSocketHandler, type WebSocketInterface } from '@kubernetes/client-node/dist/web-socket-handler.js';
import type { KubeConfig } from '@kubernetes/client-node';
import type { WebSocket } from 'ws';

/** Channel number of the close signal in the `v5.channel.k8s.io` subprotocol. */
const CLOSE_CHANNEL = 255;

/**
 * Outcome of a pod exec status frame: the command's exit code, or the API server's own failure
 * message when the command could not run at all (container not found, executable missing, …).
 */
export type ExecStatusOutcome = { kind: 'exited'; exitCode: number } | { kind: 'failed'; message: string };

/**
 * Reads the exit code from the `Status` object that the API server sends on channel 3 when a
 * command ends. `Success` is exit code 0; `Failure` with reason `NonZeroExitCode` carries the code
 * in a cause with reason `ExitCode`. Any other `Failure` means the command did not run.
 */
export function interpretExecStatus(status: V1Status): ExecStatusOutcome {
  if (status.status === 'Success') return { kind: 'exited', exitCode: 0 };

  if (status.status === 'Failure' && status.reason === 'NonZeroExitCode') {
    const causes = status.details?.causes ?? [];
    const exitCause = causes.find((cause) => cause.reason === 'ExitCode') ?? causes[0];
    const exitCode = Number.parseInt(exitCause?.message ?? '', 10);
    if (Number.isInteger(exitCode)) return { kind: 'exited', exitCode };
    return { kind: 'failed', message: `exit status has no exit code: ${status.message ?? 'no message'}` };
  }

  return { kind: 'failed', message: status.message ?? `exec status ${status.status ?? 'missing'}` };
}

/**
 * A client-node WebSocket handler made safe for a long-running process.
 *
 * client-node 1.4 throws from inside the socket's message listener on a frame for an unknown
 * channel or on a status frame that is not JSON, which would crash the process. It also ends the
 * handler's own stdin/stdout/stderr streams on a v5 close frame, and those default to the
 * process's streams. This handler gives client-node throwaway streams, ignores close frames and
 * reports frame errors to `onFrameError` instead of throwing.
 */
export class GuardedWebSocketHandler implements WebSocketInterface {
  private readonly inner: WebSocketHandler;
  private readonly onFrameError: (error: unknown) => void;

  constructor(kubeConfig: KubeConfig, onFrameError: (error: unknown) => void) {
    const unusedStreams = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() };
    this.inner = new WebSocketHandler(kubeConfig, undefined, unusedStreams);
    this.onFrameError = onFrameError;
  }

  connect(
    path: string,
    textHandler: ((text: string) => boolean) | null,
    binaryHandler: ((stream: number, buff: Buffer) => boolean) | null,
  ): Promise<WebSocket> {
    const guardedHandler =
      binaryHandler &&
      ((channel: number, frame: Buffer): boolean => {
        if (channel === CLOSE_CHANNEL) return true;
        try {
          return binaryHandler(channel, frame);
        } catch (error) {
          this.onFrameError(error);
          return false;
        }
      });
    return this.inner.connect(path, textHandler, guardedHandler);
  }
}
