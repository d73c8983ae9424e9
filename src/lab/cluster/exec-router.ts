import type { ExecHandler, ExecRequest, ExecStreams } from '../apiserver/exec.js';
import type { PortworxClusterState } from '../portworx/cluster-state.js';
import { runPxctl } from '../portworx/pxctl.js';

export type PxctlRunner = typeof runPxctl;

export interface ExecRouterOptions {
  /** The Portworx state that `pxctl` reads; a function when `lab reset` may replace it. */
  portworx: PortworxClusterState | (() => PortworxClusterState);
  /** Handles commands the router does not know, e.g. the kubelet's for MySQL pods. Default: exit 127. */
  fallback?: ExecHandler;
  runPxctl?: PxctlRunner;
  now?: () => Date;
  /** Brings the volumes' I/O figures up to date before each pxctl command. */
  refreshStats?: () => Promise<void>;
}

const PXCTL_PATHS = new Set(['pxctl', '/opt/pwx/bin/pxctl']);
const SHELLS = new Set(['sh', 'bash', '/bin/sh', '/bin/bash', '/usr/bin/bash']);

/**
 * Builds the lab's exec handler: `pxctl` in a portworx pod (label `name=portworx`) runs against
 * the simulated Portworx state, on the pod's node. `sh -c 'pxctl …'` works too when the
 * script is one plain command. Every other command goes to `fallback`, which by default fails
 * like a shell that cannot find the program: exit code 127 and `command not found` on stderr.
 */
export function createExecRouter(options: ExecRouterOptions): ExecHandler {
  const runner = options.runPxctl ?? runPxctl;
  const fallback = options.fallback ?? commandNotFound;
  const portworx = typeof options.portworx === 'function' ? options.portworx : () => options.portworx as PortworxClusterState;

  return async (request: ExecRequest, streams: ExecStreams, signal: AbortSignal) => {
    const command = unwrapShell(request.command);
    const isPortworxPod = request.pod.metadata?.labels?.name === 'portworx';
    if (!isPortworxPod || !PXCTL_PATHS.has(command[0] ?? '')) return fallback(request, streams, signal);

    await options.refreshStats?.();
    const result = runner(command.slice(1), portworx(), { nodeName: String(request.pod.spec?.nodeName ?? ''), now: options.now?.() ?? new Date() });
    if (result.stdout !== '') streams.stdout(result.stdout);
    if (result.stderr !== '') streams.stderr(result.stderr);
    return { exitCode: result.exitCode };
  };
}

/** Turns `sh -c 'pxctl volume list'` into its words when the script has no shell syntax. */
function unwrapShell(command: string[]): string[] {
  const [shell, flag, script] = command;
  if (command.length !== 3 || !SHELLS.has(shell ?? '') || flag !== '-c' || script === undefined) return command;
  if (/[|&;<>()$`\\"'*?[\]#~=%{}\n]/.test(script)) return command;
  return script.trim().split(/\s+/);
}

/** Fails like `sh` does for a program that is not installed. */
export const commandNotFound: ExecHandler = async (request, streams) => {
  streams.stderr(`sh: 1: ${request.command[0] ?? ''}: command not found\n`);
  return { exitCode: 127 };
};
