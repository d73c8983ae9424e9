import { runLabCommand } from './cli/lab-command.js';
import { runServe } from './cli/serve-command.js';
import { CLI_USAGE } from './cli/usage.js';
import { ConfigError } from './errors.js';

/** Runs one `pxmysql` command line and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      return process.env.SLACK_BOT_TOKEN ? await runServe({ slack: true, worker: true }) : await runLabCommand([]);
    case 'serve':
      return await runServe({ slack: true, worker: !rest.includes('--no-worker') });
    case 'worker':
      return await runServe({ slack: false, worker: true });
    case 'lab':
      return await runLabCommand(rest);
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${CLI_USAGE}\n`);
      return 0;
    default:
      process.stderr.write(`unknown command: ${command}\n\n${CLI_USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `pxmysql: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
