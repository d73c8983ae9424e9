/** Test control that makes the next calls of a Web API method fail with HTTP 429. */
export interface RateLimitRule {
  retryAfterSeconds: number;
  /** How many of the next calls are rejected. */
  count: number;
}

export class RateLimits {
  private readonly rules = new Map<string, RateLimitRule>();

  set(method: string, rule: RateLimitRule): void {
    if (!Number.isInteger(rule.count) || rule.count < 0) {
      throw new Error(`rate limit count must be a non-negative integer, got ${rule.count}`);
    }
    if (!Number.isFinite(rule.retryAfterSeconds) || rule.retryAfterSeconds < 0) {
      throw new Error(`retryAfterSeconds must be a non-negative number, got ${rule.retryAfterSeconds}`);
    }
    if (rule.count === 0) this.rules.delete(method);
    else this.rules.set(method, { ...rule });
  }

  /** Uses up one rejection for `method`; returns its Retry-After seconds, or undefined to let it pass. */
  take(method: string): number | undefined {
    const rule = this.rules.get(method);
    if (!rule) return undefined;
    rule.count -= 1;
    if (rule.count <= 0) this.rules.delete(method);
    return rule.retryAfterSeconds;
  }
}
