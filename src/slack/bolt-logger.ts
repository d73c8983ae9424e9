import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../logging.js';

const PINO_LEVEL: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** Adapts a pino logger to the logger interface that Bolt and the Slack SDKs expect. */
export function boltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  let child = logger.child({ component: 'bolt' });
  const write = (method: 'debug' | 'info' | 'warn' | 'error', parts: unknown[]) => {
    const [first, ...rest] = parts;
    if (first instanceof Error) child[method]({ err: first }, rest.map(String).join(' ') || first.message);
    else child[method](parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' '));
  };
  return {
    debug: (...parts) => write('debug', parts),
    info: (...parts) => write('info', parts),
    warn: (...parts) => write('warn', parts),
    error: (...parts) => write('error', parts),
    setLevel: (next) => {
      level = next;
      child.level = PINO_LEVEL[next];
    },
    getLevel: () => level,
    setName: (name) => {
      child = logger.child({ component: name });
    },
  };
}
