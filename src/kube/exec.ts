import { Writable } from 'node:stream';
import { Exec, type KubeConfig } from '@kubernetes/client-node';
import type { WebSocket } from 'ws';
import { PxmysqlError, describeError } from '../errors.js';
import { GuardedWebSocketHandler, interpretExecStatus } from './exec-protocol.js';

/** Default deadline for one exec, in milliseconds. */
export const DEFAULT_EXEC_TIMEOUT_MS = 60_000;

export interface ExecRequest {
  namespace: string;
  pod: string;
  /** Container name; the API server picks the pod's only or default container when omitted. */
  container?: string;
  /** Executable and arguments as an argv array; no shell parses them. */
  command: string[];
  /** Deadline for the whole exec, from connecting to the exit status. Default 60 000 ms. */
  timeoutMs?: number;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** Exit code from the status channel, or 'unknown' when the socket closed without a status. */
  exitCode: number | 'unknown';
}

/**
 * Runs a command in a pod over the exec WebSocket and buffers stdout and stderr.
 *
 * Resolves with the exit code from the status channel (a non-zero exit code is a result, not an
 * error) or with `exitCode: 'unknown'` when the socket closes before a status arrives. Rejects
 * with a `PxmysqlError` when the connection fails (`exec_connect_failed`), when the API server
 * reports that the command could not run or sends a malformed frame (`exec_failed`), or when
 * `timeoutMs` passes (`exec_timeout`, after terminating the socket).
 */
export function execInPod(kubeConfig: KubeConfig, request: ExecRequest): Promise<ExecResult> {
  if (request.command.length === 0) {
    return Promise.reject(new PxmysqlError('exec_invalid', `exec in pod ${podPath(request)} failed: the command is empty`));
  }
  const timeoutMs = request.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  const stdout = new ChunkCollector();
  const stderr = new ChunkCollector();

  return new Promise<ExecResult>((resolve, reject) => {
    let settled = false;
    let socket: WebSocket | undefined;

    const settle = (outcome: () => void, closeSocket: (ws: WebSocket) => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (socket) closeSocket(socket);
      outcome();
    };
    const succeed = (exitCode: number | 'unknown'): void =>
      settle(() => resolve({ stdout: stdout.text(), stderr: stderr.text(), exitCode }), (ws) => ws.close());
    const fail = (error: PxmysqlError): void => settle(() => reject(error), (ws) => ws.terminate());

    const timer = setTimeout(() => {
      const message = `exec in pod ${podPath(request)} timed out after ${timeoutMs} ms: ${describeCommand(request)}`;
      fail(new PxmysqlError('exec_timeout', message, { kind: 'retryable' }));
    }, timeoutMs);

    const handler = new GuardedWebSocketHandler(kubeConfig, (error) => {
      fail(execFailure(request, `malformed exec frame: ${describeError(error)}`, error));
    });
    const exec = new Exec(kubeConfig, handler);
    const onStatus = (status: Parameters<typeof interpretExecStatus>[0]): void => {
      const outcome = interpretExecStatus(status);
      if (outcome.kind === 'exited') succeed(outcome.exitCode);
      else fail(execFailure(request, outcome.message));
    };

    exec
      .exec(request.namespace, request.pod, request.container ?? '', request.command, stdout, stderr, null, false, onStatus)
      .then(
        (ws) => {
          socket = ws;
          // The deadline may have passed while connecting: close the late socket at once.
          if (settled) {
            ws.terminate();
            return;
          }
          ws.on('close', () => succeed('unknown'));
        },
        (error: unknown) => {
          const message = `exec in pod ${podPath(request)} could not connect: ${describeError(error)}`;
          fail(new PxmysqlError('exec_connect_failed', message, { kind: 'retryable', cause: error }));
        },
      );
  });
}

/** A writable stream that keeps every chunk and decodes them once, so split UTF-8 sequences survive. */
class ChunkCollector extends Writable {
  private readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    callback();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

function execFailure(request: ExecRequest, reason: string, cause?: unknown): PxmysqlError {
  const message = `exec in pod ${podPath(request)} failed: ${reason} (command: ${describeCommand(request)})`;
  return new PxmysqlError('exec_failed', message, { kind: 'permanent', cause });
}

function podPath(request: ExecRequest): string {
  return `${request.namespace}/${request.pod}`;
}

function describeCommand(request: ExecRequest): string {
  return request.command.join(' ');
}
