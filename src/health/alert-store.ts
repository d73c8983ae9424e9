import type { Redis } from 'ioredis';
import type { PodHealth } from './target-health.js';

/** An open health alert of one target, stored in Redis so that a new leader continues it. */
export interface HealthAlert {
  /** `health-TARGET-HEX`; the button value and the incident's dedupe key. */
  id: string;
  target: string;
  channel: string;
  /** Timestamp of the alert message; undefined until the post succeeds. */
  ts?: string;
  /** ISO time the alert was opened. */
  openedAt: string;
  /** ISO time the target stopped serving. */
  since: string;
  /** Pods as the last posted message or reply described them. */
  pods: PodHealth[];
  /** `healthChangeKey` of `pods`. */
  changeKey: string;
  /** ISO time the incident was requested; set once. */
  incidentRequestedAt?: string;
}

/** The leader's lease key and token; every write checks that the token still holds the lease. */
export interface LeaseFence {
  readonly key: string;
  readonly token: string;
}

/**
 * Sets KEYS[2] to ARGV[2] if KEYS[1] (the leader lease) contains ARGV[1]. With ARGV[3] = 'NX' it sets
 * only a missing key. Returns -1 when the caller no longer leads, 0 when NX found the key, 1 when set.
 */
const FENCED_SET_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return -1
end
if ARGV[3] == 'NX' then
  if redis.call('SET', KEYS[2], ARGV[2], 'NX') then
    return 1
  end
  return 0
end
redis.call('SET', KEYS[2], ARGV[2])
return 1
`;

/** Deletes KEYS[2] if KEYS[1] contains ARGV[1]. Returns -1 when the caller no longer leads, else the DEL count. */
const FENCED_DELETE_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return -1
end
return redis.call('DEL', KEYS[2])
`;

/** Result of a fenced write: `not-leader` means the lease moved to another contender and nothing was written. */
export type FencedWrite = 'written' | 'exists' | 'not-leader';

/**
 * Health alerts in Redis: one open alert per target, and the time the watch first saw the target
 * unhealthy. Every replica may read them, because the button handler does. Writes are fenced with
 * the leader lease, so a replica that lost the lease cannot overwrite its successor's state.
 */
export class AlertStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix = 'pxmysql:health:',
  ) {}

  async get(target: string): Promise<HealthAlert | undefined> {
    const value = await this.redis.get(this.alertKey(target));
    return value === null ? undefined : (JSON.parse(value) as HealthAlert);
  }

  /** Returns the open alert with this id, looking at each of the given targets. */
  async findById(targets: readonly string[], alertId: string): Promise<HealthAlert | undefined> {
    for (const target of targets) {
      const alert = await this.get(target);
      if (alert?.id === alertId) return alert;
    }
    return undefined;
  }

  /** Stores a new alert unless the target already has one. */
  async create(fence: LeaseFence, alert: HealthAlert): Promise<FencedWrite> {
    return await this.fencedSet(fence, this.alertKey(alert.target), JSON.stringify(alert), true);
  }

  async save(fence: LeaseFence, alert: HealthAlert): Promise<FencedWrite> {
    return await this.fencedSet(fence, this.alertKey(alert.target), JSON.stringify(alert), false);
  }

  async remove(fence: LeaseFence, target: string): Promise<FencedWrite> {
    return await this.fencedDelete(fence, this.alertKey(target));
  }

  /**
   * Records `at` as the time the target was first seen unhealthy, unless a time is already stored,
   * and returns the stored time. Undefined means the caller no longer leads.
   */
  async noteUnhealthy(fence: LeaseFence, target: string, at: Date): Promise<Date | undefined> {
    const key = this.unhealthyKey(target);
    const written = await this.fencedSet(fence, key, at.toISOString(), true);
    if (written === 'not-leader') return undefined;
    const stored = await this.redis.get(key);
    return stored === null ? at : new Date(stored);
  }

  async clearUnhealthy(fence: LeaseFence, target: string): Promise<FencedWrite> {
    return await this.fencedDelete(fence, this.unhealthyKey(target));
  }

  private async fencedSet(fence: LeaseFence, key: string, value: string, onlyIfMissing: boolean): Promise<FencedWrite> {
    const result = Number(await this.redis.eval(FENCED_SET_SCRIPT, 2, fence.key, key, fence.token, value, onlyIfMissing ? 'NX' : ''));
    if (result === 1) return 'written';
    if (result === 0) return 'exists';
    return 'not-leader';
  }

  private async fencedDelete(fence: LeaseFence, key: string): Promise<FencedWrite> {
    const result = Number(await this.redis.eval(FENCED_DELETE_SCRIPT, 2, fence.key, key, fence.token));
    return result < 0 ? 'not-leader' : 'written';
  }

  private alertKey(target: string): string {
    return `${this.keyPrefix}alert:${target}`;
  }

  private unhealthyKey(target: string): string {
    return `${this.keyPrefix}unhealthy-since:${target}`;
  }
}
