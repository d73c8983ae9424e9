import { randomBytes } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { AppConfig } from '../config/app-config.js';
import type { TargetConfig } from '../config/targets-schema.js';
import type { OpenIncident } from '../incidents/incident-request.js';
import type { TargetLocks } from '../locks/target-locks.js';
import type { Logger } from '../logging.js';
import { describeError } from '../errors.js';
import { inlineCode, userText } from '../slack/user-text.js';
import { alertMessage, changedReply } from './alert-message.js';
import type { AlertStore, HealthAlert, LeaseFence } from './alert-store.js';
import { healthChangeKey, type TargetHealth } from './target-health.js';

export interface HealthWatcherDependencies {
  config: Pick<AppConfig, 'locale'>;
  /** Targets to watch; each must have at least one channel, where its alerts go. */
  targets: readonly TargetConfig[];
  alerts: AlertStore;
  /** The leader lease that every state write is checked against. */
  fence: LeaseFence;
  readHealth(target: TargetConfig): Promise<TargetHealth>;
  locks: Pick<TargetLocks, 'current'>;
  slack: Pick<WebClient, 'chat'>;
  openIncident: OpenIncident;
  logger: Logger;
  now?: () => Date;
}

/**
 * Checks the health of each target and keeps one alert per unhealthy target: it posts the alert
 * after `health.alertAfterSeconds`, replies in its thread when the facts change, requests an
 * incident once after `health.incidentAfterSeconds`, and reports the recovery. Only the leader
 * runs it; its state lives in Redis, so a new leader continues the same alert.
 */
export class HealthWatcher {
  private readonly now: () => Date;
  private readonly readFailures = new Map<string, number>();
  /** Per target: when reads started failing, and whether the notice was posted. Kept in memory, so a new leader may post it again. */
  private readonly unreadable = new Map<string, { since: Date; posted: boolean }>();

  constructor(private readonly deps: HealthWatcherDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Checks every target once; a failure on one target is logged and does not stop the others. */
  async checkAll(): Promise<void> {
    for (const target of this.deps.targets) {
      try {
        await this.checkTarget(target);
      } catch (error) {
        this.deps.logger.error({ err: error, target: target.name }, 'health check failed');
      }
    }
  }

  async checkTarget(target: TargetConfig): Promise<void> {
    const log = this.deps.logger.child({ target: target.name });
    let health: TargetHealth;
    try {
      health = await this.deps.readHealth(target);
      this.readFailures.delete(target.name);
      await this.noteReadable(target, log);
    } catch (error) {
      // A failed read is no evidence about MySQL, so it neither opens nor closes an alert.
      const failures = (this.readFailures.get(target.name) ?? 0) + 1;
      this.readFailures.set(target.name, failures);
      if (failures === 1 || failures % 20 === 0) log.warn({ err: error, failures }, 'cannot read the target health from the cluster');
      await this.noteUnreadable(target, error, log);
      return;
    }

    const alert = await this.deps.alerts.get(target.name);
    // Both branches start with a fenced write, so a watcher whose lease moved on stops here instead of posting to Slack.
    if (health.healthy) {
      if ((await this.deps.alerts.clearUnhealthy(this.deps.fence, target.name)) === 'not-leader') return;
      if (alert !== undefined) await this.recover(target, alert, health, log);
      return;
    }

    const now = this.now();
    const firstSeen = await this.deps.alerts.noteUnhealthy(this.deps.fence, target.name, now);
    if (firstSeen === undefined) return;
    // Cluster clocks can run ahead of this one, so a condition time is never taken as later than the first sighting.
    const conditionSince = health.since === undefined ? undefined : new Date(health.since);
    const since = conditionSince !== undefined && conditionSince < firstSeen ? conditionSince : firstSeen;

    if (alert === undefined) {
      if (now.getTime() - since.getTime() < target.health.alertAfterSeconds * 1_000) return;
      // NOTE: a running operation (a failover, a restore) takes the pod down on purpose, so no alert
      // opens while the target is locked. Once the lock is released, an unhealthy target alerts at once.
      const holder = await this.deps.locks.current(target.name);
      if (holder !== undefined) {
        log.debug({ jobId: holder.jobId }, 'target unhealthy while locked by a job; no alert');
        return;
      }
      await this.open(target, health, since, now, log);
      return;
    }

    if (alert.ts === undefined) {
      await this.post(target, alert, log);
      return;
    }
    let current: HealthAlert & { ts: string } = { ...alert, ts: alert.ts };
    const changeKey = healthChangeKey(health.pods);
    if (changeKey !== current.changeKey) current = await this.reportChange(target, current, health.pods, changeKey, log);

    const openSeconds = (now.getTime() - Date.parse(current.openedAt)) / 1_000;
    if (current.incidentRequestedAt === undefined && openSeconds >= target.health.incidentAfterSeconds) {
      await this.requestIncident(target, current, now, log);
    }
  }

  /**
   * Posts one notice in the target's channel when the cluster has been unreadable for
   * `alertAfterSeconds`, because the watch is blind then, and an unreachable API server is often a failure itself.
   */
  private async noteUnreadable(target: TargetConfig, error: unknown, log: Logger): Promise<void> {
    const now = this.now();
    const state = this.unreadable.get(target.name) ?? { since: now, posted: false };
    this.unreadable.set(target.name, state);
    if (state.posted || now.getTime() - state.since.getTime() < target.health.alertAfterSeconds * 1_000) return;

    const text = userText(this.deps.config.locale, 'health.unreadable', {
      target: inlineCode(target.name),
      time: state.since.toISOString(),
      reason: describeError(error),
    });
    try {
      await this.deps.slack.chat.postMessage({ channel: target.channels[0] as string, text });
      state.posted = true;
      log.warn({ since: state.since.toISOString() }, 'posted that the cluster is unreadable');
    } catch (postError) {
      log.error({ err: postError }, 'cannot post that the cluster is unreadable; the next check retries');
    }
  }

  /** Posts that the cluster is readable again, when the unreadable notice was posted. */
  private async noteReadable(target: TargetConfig, log: Logger): Promise<void> {
    const state = this.unreadable.get(target.name);
    if (state === undefined) return;
    this.unreadable.delete(target.name);
    if (!state.posted) return;
    const text = userText(this.deps.config.locale, 'health.readableAgain', { target: inlineCode(target.name), time: this.now().toISOString() });
    await this.deps.slack.chat
      .postMessage({ channel: target.channels[0] as string, text })
      .catch((postError: unknown) => log.error({ err: postError }, 'cannot post that the cluster is readable again'));
  }

  private async open(target: TargetConfig, health: Extract<TargetHealth, { healthy: false }>, since: Date, now: Date, log: Logger): Promise<void> {
    const alert: HealthAlert = {
      id: `health-${target.name}-${randomBytes(6).toString('hex')}`,
      target: target.name,
      channel: target.channels[0] as string,
      openedAt: now.toISOString(),
      since: since.toISOString(),
      pods: health.pods,
      changeKey: healthChangeKey(health.pods),
    };
    const created = await this.deps.alerts.create(this.deps.fence, alert);
    if (created !== 'written') {
      log.info({ outcome: created }, 'health alert not opened');
      return;
    }
    log.warn({ alertId: alert.id, pods: health.pods.map((pod) => ({ pod: pod.pod, node: pod.node, podReady: pod.podReady, nodeReady: pod.nodeReady })), since: alert.since }, 'health alert opened');
    await this.post(target, alert, log);
  }

  /**
   * Posts the alert message and stores its timestamp. A failed post leaves the alert without one,
   * and the next check posts again.
   */
  private async post(target: TargetConfig, alert: HealthAlert, log: Logger): Promise<void> {
    // NOTE: a leader that loses its lease between this post and the save below leaves no timestamp,
    // so its successor posts the alert a second time. The window is one Slack call long.
    const message = alertMessage(this.deps.config.locale, this.messageInput(target, alert));
    let ts: string | undefined;
    try {
      ts = (await this.deps.slack.chat.postMessage({ channel: alert.channel, ...message })).ts;
    } catch (error) {
      log.error({ err: error, alertId: alert.id, channel: alert.channel }, 'cannot post the health alert; the next check retries');
      return;
    }
    if (ts === undefined) return;
    await this.deps.alerts.save(this.deps.fence, { ...alert, ts });
    log.info({ alertId: alert.id, channel: alert.channel, ts }, 'health alert posted');
  }

  /** Replies in the thread with the changed facts and returns the alert as stored afterwards. */
  private async reportChange(
    target: TargetConfig,
    alert: HealthAlert & { ts: string },
    pods: HealthAlert['pods'],
    changeKey: string,
    log: Logger,
  ): Promise<HealthAlert & { ts: string }> {
    const reply = changedReply(this.deps.config.locale, pods, target.deployment);
    try {
      await this.deps.slack.chat.postMessage({ channel: alert.channel, thread_ts: alert.ts, ...reply });
    } catch (error) {
      log.error({ err: error, alertId: alert.id }, 'cannot post the health change; the next check retries');
      return alert;
    }
    const changed = { ...alert, pods, changeKey };
    await this.deps.alerts.save(this.deps.fence, changed);
    log.info({ alertId: alert.id, pods: pods.map((pod) => ({ pod: pod.pod, node: pod.node, podReady: pod.podReady, nodeReady: pod.nodeReady })) }, 'health alert changed');
    return changed;
  }

  /**
   * Requests the incident, then records that it did. A failed request is retried on the next
   * check; the alert id as dedupe key makes a repeated request open one channel.
   */
  private async requestIncident(target: TargetConfig, alert: HealthAlert & { ts: string }, now: Date, log: Logger): Promise<void> {
    const locale = this.deps.config.locale;
    const openSeconds = Math.round((now.getTime() - Date.parse(alert.openedAt)) / 1_000);
    try {
      await this.deps.openIncident({
        target: target.name,
        operation: 'health',
        trigger: 'health-alert',
        title: `MySQL target ${target.name} has no Ready pod on a Ready node since ${alert.since}`,
        sourceThread: { channel: alert.channel, ts: alert.ts },
        dedupeKey: alert.id,
        locale,
      });
    } catch (error) {
      log.error({ err: error, alertId: alert.id }, 'cannot request the incident for a health alert; the next check retries');
      return;
    }
    await this.deps.alerts.save(this.deps.fence, { ...alert, incidentRequestedAt: now.toISOString() });
    log.warn({ alertId: alert.id, openSeconds }, 'health alert escalated to an incident');
    await this.deps.slack.chat
      .postMessage({ channel: alert.channel, thread_ts: alert.ts, text: userText(locale, 'health.thread.incident', { seconds: openSeconds }) })
      .catch((error: unknown) => log.error({ err: error, alertId: alert.id }, 'cannot post the incident note in the alert thread'));
  }

  /** Posts the recovery in the thread, shows it in place of the button, and closes the alert. */
  private async recover(target: TargetConfig, alert: HealthAlert, health: Extract<TargetHealth, { healthy: true }>, log: Logger): Promise<void> {
    const locale = this.deps.config.locale;
    const now = this.now();
    const { serving } = health;
    if (alert.ts !== undefined) {
      const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(alert.openedAt)) / 1_000));
      const text =
        serving === undefined
          ? userText(locale, 'health.thread.scaledToZero', { deployment: inlineCode(target.deployment), seconds })
          : userText(locale, 'health.thread.recovered', { pod: inlineCode(serving.pod), node: inlineCode(serving.node), seconds });
      try {
        await this.deps.slack.chat.postMessage({ channel: alert.channel, thread_ts: alert.ts, text });
      } catch (error) {
        log.error({ err: error, alertId: alert.id }, 'cannot post the recovery; the next check retries');
        return;
      }
      const message = alertMessage(locale, { ...this.messageInput(target, alert), recovered: { at: now, serving } });
      await this.deps.slack.chat
        .update({ channel: alert.channel, ts: alert.ts, ...message })
        .catch((error: unknown) => log.error({ err: error, alertId: alert.id }, 'cannot update the alert message after recovery'));
    }
    const removed = await this.deps.alerts.remove(this.deps.fence, target.name);
    log.info({ alertId: alert.id, pod: serving?.pod, node: serving?.node, outcome: removed }, 'health alert closed: target recovered');
  }

  private messageInput(target: TargetConfig, alert: HealthAlert) {
    return { alert, deployment: target.deployment, incidentAfterSeconds: target.health.incidentAfterSeconds };
  }
}
