import { randomBytes } from 'node:crypto';

/**
 * Issues message timestamps the way Slack does: `seconds.microseconds` with six digits after the
 * dot. Each value is strictly greater than the one before, even within one microsecond, because
 * Slack uses `ts` as the message id within a channel.
 */
export class MessageTsClock {
  private lastMicros = 0n;

  next(): string {
    const nowMicros = BigInt(Date.now()) * 1000n;
    this.lastMicros = nowMicros > this.lastMicros ? nowMicros : this.lastMicros + 1n;
    const seconds = this.lastMicros / 1_000_000n;
    const micros = (this.lastMicros % 1_000_000n).toString().padStart(6, '0');
    return `${seconds}.${micros}`;
  }
}

/** Creates a trigger id in Slack's `digits.digits.hex` shape. */
export function newTriggerId(): string {
  const left = String(Date.now());
  const middle = String(1000 + Math.floor(Math.random() * 9000));
  return `${left}.${middle}.${randomBytes(16).toString('hex')}`;
}

/** Creates a random lowercase hex id of `bytes` bytes, for envelope, command and click ids. */
export function newHexId(bytes = 8): string {
  return randomBytes(bytes).toString('hex');
}

/** Converts a message ts to the `p…` segment of a Slack permalink (the ts without its dot). */
export function permalinkSegment(ts: string): string {
  return `p${ts.replace('.', '')}`;
}

/** Orders Slack ts strings numerically without floating-point rounding. */
export function compareTs(left: string, right: string): number {
  const [leftSeconds = '', leftMicros = ''] = left.split('.');
  const [rightSeconds = '', rightMicros = ''] = right.split('.');
  if (leftSeconds.length !== rightSeconds.length) return leftSeconds.length - rightSeconds.length;
  if (leftSeconds !== rightSeconds) return leftSeconds < rightSeconds ? -1 : 1;
  if (leftMicros === rightMicros) return 0;
  return leftMicros.padEnd(6, '0') < rightMicros.padEnd(6, '0') ? -1 : 1;
}
