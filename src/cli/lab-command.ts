import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createRootLogger } from '../logging.js';
import { labDirectory, readLabState, type LabState } from '../lab/launcher/lab-state.js';
import { startLab } from '../lab/launcher/start-lab.js';
import { runLabClick } from '../lab/cli/lab-click.js';
import { runLabMessages } from '../lab/cli/lab-messages.js';
import { runLabSend } from '../lab/cli/lab-send.js';
import { OutputWatch } from '../lab/cli/output-watch.js';
import { sendLabControl } from '../lab/launcher/control-client.js';
import { waitForShutdownSignal } from './shutdown.js';
import { CLI_USAGE } from './usage.js';

/** `pxmysql lab …`: start the lab, or drive a running one. */
export async function runLabCommand(args: string[]): Promise<number> {
  const [verb, ...rest] = args;
  const output = new OutputWatch(process.stdout);
  try {
    if (verb === 'send') return reportOutputFailure(await labSend(rest, output.signal), output);
    if (verb === 'click') return reportOutputFailure(await labClick(rest, output.signal), output);
    if (verb === 'messages') return reportOutputFailure(await labMessages(rest, output.signal), output);
    if (verb === 'node') return await labNode(rest);
    if (verb === 'reset') return await labReset(rest);
    if (verb !== undefined && !verb.startsWith('-')) {
      process.stderr.write(`unknown lab command: ${verb}\n\n${CLI_USAGE}\n`);
      return 2;
    }
    return await labStart(args);
  } catch (error) {
    if (error instanceof LabNotRunningError) {
      process.stderr.write(`pxmysql lab: ${error.message}\n`);
      return 1;
    }
    if (isParseArgsError(error)) {
      process.stderr.write(`pxmysql lab: ${error.message}\nRun \`pxmysql help\` for the options of each lab command.\n`);
      return 2;
    }
    throw error;
  }
}

/** The lab state file is missing, or the lab it names has stopped. The message contains the command that starts a lab. */
class LabNotRunningError extends Error {}

async function runningLabState(): Promise<LabState> {
  try {
    return await readLabState(labDirectory());
  } catch (error) {
    throw new LabNotRunningError((error as Error).message, { cause: error });
  }
}

/** True for the errors node:util parseArgs throws on an unknown option, a missing value or an extra argument. */
function isParseArgsError(error: unknown): error is Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

async function labStart(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { http: { type: 'boolean', default: false }, 'no-demo': { type: 'boolean', default: false }, once: { type: 'boolean', default: false } },
    strict: true,
  });
  const directory = labDirectory();
  await mkdir(directory, { recursive: true });
  const logFile = join(directory, 'lab.log');
  const logger = createRootLogger({ level: process.env.LOG_LEVEL ?? 'info', destination: pino.destination({ dest: logFile, sync: false }) });

  process.stdout.write('Starting the pxmysql lab...\n');
  const lab = await startLab({ directory, logger, delivery: values.http ? 'http' : 'socket', ...(process.env.REDIS_URL ? { redisUrl: process.env.REDIS_URL } : {}) });
  process.stdout.write(
    [
      `Lab running (pid ${process.pid}); logs in ${logFile}`,
      `  Kubernetes API  ${lab.state.kubeApiUrl}   kubectl --kubeconfig ${lab.kubeconfigPath} get pods -o wide`,
      `  Redis           ${lab.redisUrl}`,
      `  Slack stand-in  ${lab.state.slack.apiUrl} (${lab.state.slack.delivery === 'socket' ? 'Socket Mode' : 'signed HTTP'})`,
      `  Try             npx pxmysql lab send --as oncall "/pxmysql status"`,
      '',
    ].join('\n'),
  );

  let exitCode = 0;
  if (!values['no-demo']) {
    process.stdout.write('$ npx pxmysql lab send --as oncall "/pxmysql status"\n');
    exitCode = await runLabSend({ user: 'oncall', text: '/pxmysql status', json: false, controlUrl: lab.state.slack.controlUrl, out: process.stdout, err: process.stderr });
  }

  if (!values.once) {
    process.stdout.write('\nThe lab keeps running; press Ctrl-C to stop it.\n');
    await waitForShutdownSignal();
  }
  process.stdout.write('Stopping the lab...\n');
  await lab.stop();
  logger.flush();
  return exitCode;
}

/**
 * Returns 1 with a message when writing to stdout failed for a reason other than a closed pipe, else
 * `exitCode`. A closed pipe (`… | head`) has already ended the command quietly.
 */
function reportOutputFailure(exitCode: number, output: OutputWatch): number {
  if (output.failure === undefined) return exitCode;
  process.stderr.write(`pxmysql lab: writing to standard output failed: ${output.failure.message}\n`);
  return 1;
}

async function labSend(args: string[], outputClosed: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { as: { type: 'string' }, channel: { type: 'string' }, json: { type: 'boolean', default: false }, timeout: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.as === undefined || positionals.length !== 1) {
    process.stderr.write('usage: pxmysql lab send --as USER [--channel NAME_OR_ID] [--json] [--timeout SECONDS] "/pxmysql ..."\n');
    return 2;
  }
  const timeoutSeconds = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutSeconds !== undefined && !(timeoutSeconds > 0)) {
    process.stderr.write(`invalid --timeout ${values.timeout}: give a number of seconds greater than 0\n`);
    return 2;
  }
  const state = await runningLabState();
  return await runLabSend({
    user: values.as,
    text: positionals[0] as string,
    json: values.json,
    ...(timeoutSeconds === undefined ? {} : { timeoutMs: timeoutSeconds * 1000 }),
    ...(values.channel === undefined ? {} : { channel: values.channel }),
    controlUrl: state.slack.controlUrl,
    out: process.stdout,
    err: process.stderr,
    outputClosed,
  });
}

async function labClick(args: string[], outputClosed: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { as: { type: 'string' }, channel: { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (values.as === undefined || positionals.length !== 1) {
    process.stderr.write('usage: pxmysql lab click --as USER [--channel NAME_OR_ID] [--json] ACTION\n');
    return 2;
  }
  const state = await runningLabState();
  return await runLabClick({
    user: values.as,
    action: positionals[0] as string,
    json: values.json,
    ...(values.channel === undefined ? {} : { channel: values.channel }),
    controlUrl: state.slack.controlUrl,
    out: process.stdout,
    err: process.stderr,
    outputClosed,
  });
}

async function labMessages(args: string[], outputClosed: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      channel: { type: 'string' },
      since: { type: 'string' },
      follow: { type: 'boolean', short: 'f', default: false },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) {
    process.stderr.write('usage: pxmysql lab messages [--channel NAME_OR_ID] [--since SECONDS] [--follow] [--json]\n');
    return 2;
  }
  const sinceSeconds = values.since === undefined ? undefined : Number(values.since);
  if (sinceSeconds !== undefined && !(sinceSeconds > 0)) {
    process.stderr.write(`invalid --since ${values.since}: give a number of seconds greater than 0\n`);
    return 2;
  }
  const state = await runningLabState();
  return await runLabMessages({
    ...(values.channel === undefined ? {} : { channel: values.channel }),
    ...(sinceSeconds === undefined ? {} : { sinceSeconds }),
    follow: values.follow,
    json: values.json,
    controlUrl: state.slack.controlUrl,
    out: process.stdout,
    err: process.stderr,
    outputClosed,
  });
}

async function labNode(args: string[]): Promise<number> {
  const [action, node, ...extra] = args;
  if ((action !== 'down' && action !== 'up') || node === undefined || extra.length > 0) {
    process.stderr.write('usage: pxmysql lab node down|up NODE\n');
    return 2;
  }
  const state = await runningLabState();
  return await sendLabControl(state.controlUrl, `nodes/${encodeURIComponent(node)}/${action}`, process.stdout, process.stderr);
}

async function labReset(args: string[]): Promise<number> {
  if (args.length > 0) {
    process.stderr.write('usage: pxmysql lab reset\n');
    return 2;
  }
  const state = await runningLabState();
  process.stdout.write('Resetting the lab (this restarts the MySQL pods)...\n');
  return await sendLabControl(state.controlUrl, 'reset', process.stdout, process.stderr);
}
