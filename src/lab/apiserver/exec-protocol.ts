/**
 * The Kubernetes remote command stream protocol over WebSocket (`*.channel.k8s.io`): every binary
 * frame starts with a channel byte. Versions 4 and 5 send a JSON Status on the error channel;
 * version 5 adds channel 255 for a client's "close stream" signal.
 */

export const STDIN_CHANNEL = 0;
export const STDOUT_CHANNEL = 1;
export const STDERR_CHANNEL = 2;
export const ERROR_CHANNEL = 3;
export const RESIZE_CHANNEL = 4;
export const CLOSE_CHANNEL = 255;

/** Subprotocols in order of preference, with their protocol version. */
export const EXEC_SUBPROTOCOLS: Record<string, number> = {
  'v5.channel.k8s.io': 5,
  'v4.channel.k8s.io': 4,
  'v3.channel.k8s.io': 3,
  'v2.channel.k8s.io': 2,
  'channel.k8s.io': 1,
};

/** Picks the newest subprotocol the client offers; false (protocol version 1) when none match. */
export function chooseSubprotocol(offered: Set<string>): string | false {
  for (const protocol of Object.keys(EXEC_SUBPROTOCOLS)) if (offered.has(protocol)) return protocol;
  return false;
}

/** Prefixes a payload with its channel byte. */
export function channelFrame(channel: number, data: string | Buffer): Buffer {
  const payload = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return Buffer.concat([Buffer.from([channel]), payload]);
}

/**
 * Builds what the error channel carries when a command ends: a v4 Status (Success, or Failure
 * with reason NonZeroExitCode and the code in details.causes) for versions 4 and 5; for older
 * versions plain text, and nothing on success.
 */
export function exitStatusPayload(protocolVersion: number, exitCode: number): string | undefined {
  const message = `command terminated with non-zero exit code: error executing command, exit code ${exitCode}`;
  if (protocolVersion < 4) return exitCode === 0 ? undefined : message;
  if (exitCode === 0) return JSON.stringify({ metadata: {}, status: 'Success' });
  return JSON.stringify({
    metadata: {},
    status: 'Failure',
    message,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  });
}

/** Builds the error channel payload for a failure that is not an exit code (the handler threw). */
export function internalErrorPayload(protocolVersion: number, message: string): string {
  if (protocolVersion < 4) return message;
  return JSON.stringify({ metadata: {}, status: 'Failure', message, reason: 'InternalError', details: { causes: [{ message }] } });
}
