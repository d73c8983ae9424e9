import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createRootLogger } from '../logging.js';
import { labDirectory, readLabState } from '../lab/launcher/lab-state.js';
import { startLab } from '../lab/launcher/start-lab.js';
import { runLabClick } from '../lab/cli/lab-click.js';
import { runLabSend } from '../lab/cli/lab-send.js';
import { sendLabControl } from '../lab/launcher/control-client.js';
import { waitForShutdownSignal } from './shutdown.js';
import { CLI_USAGE } from './usage.js';

/** `pxmysql lab …`: start the lab, or drive a running one. */
export async function runLabCommand(args: string[]): Promise<number> {
  const [verb, ...rest] = args;
  if (verb === 'send') return await labSend(rest);
  if (verb === 'click') return await labClick(rest);
  if (verb === 'node') return await labNode(rest);
  if (verb === 'reset') return await labReset(rest);
  if (verb !== undefined && !verb.startsWith('-')) {
    process.stderr.write(`unknown lab command: ${verb}\n\n${CLI_USAGE}\n`);
    return 2;
  }
  return await labStart(args);
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

async function labSend(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { as: { type: 'string' }, json: { type: 'boolean', default: false }, timeout: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.as === undefined || positionals.length !== 1) {
    process.stderr.write('usage: pxmysql lab send --as USER [--json] [--timeout SECONDS] "/pxmysql ..."\n');
    return 2;
  }
  const timeoutSeconds = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutSeconds !== undefined && !(timeoutSeconds > 0)) {
    process.stderr.write(`invalid --timeout ${values.timeout}: give a number of seconds greater than 0\n`);
    return 2;
  }
  const state = await readLabState(labDirectory());
  return await runLabSend({
    user: values.as,
    text: positionals[0] as string,
    json: values.json,
    ...(timeoutSeconds === undefined ? {} : { timeoutMs: timeoutSeconds * 1000 }),
    controlUrl: state.slack.controlUrl,
    out: process.stdout,
    err: process.stderr,
  });
}

async function labClick(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { as: { type: 'string' } }, allowPositionals: true, strict: true });
  if (values.as === undefined || positionals.length !== 1) {
    process.stderr.write('usage: pxmysql lab click --as USER ACTION\n');
    return 2;
  }
  const state = await readLabState(labDirectory());
  return await runLabClick({ user: values.as, action: positionals[0] as string, controlUrl: state.slack.controlUrl, out: process.stdout, err: process.stderr });
}

async function labNode(args: string[]): Promise<number> {
  const [action, node, ...extra] = args;
  if ((action !== 'down' && action !== 'up') || node === undefined || extra.length > 0) {
    process.stderr.write('usage: pxmysql lab node down|up NODE\n');
    return 2;
  }
  const state = await readLabState(labDirectory());
  return await sendLabControl(state.controlUrl, `nodes/${encodeURIComponent(node)}/${action}`, process.stdout, process.stderr);
}

async function labReset(args: string[]): Promise<number> {
  if (args.length > 0) {
    process.stderr.write('usage: pxmysql lab reset\n');
    return 2;
  }
  const state = await readLabState(labDirectory());
  process.stdout.write('Resetting the lab (this restarts the MySQL pods)...\n');
  return await sendLabControl(state.controlUrl, 'reset', process.stdout, process.stderr);
}
