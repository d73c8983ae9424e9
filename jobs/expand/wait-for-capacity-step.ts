import type { CoreV1Event, V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { isPxmysqlError } from '../../src/errors.js';
import { toKubeError } from '../../src/kube/kube-errors.js';
import { storageQuantityBytes } from '../../src/kube/binary-quantity.js';
import { watchUntil } from '../../src/kube/watch-until.js';
import type { Step } from '../../src/runtime/step-runner.js';
import { formatSeconds } from '../failover/format-seconds.js';
import { expandError, requireExpandState, type ExpandRuntime } from './expand-context.js';
import type { ExpandState } from './expand-data.js';

/** Maximum number of warning events quoted in a timeout message. */
const MAX_QUOTED_EVENTS = 3;

/**
 * Waits until the PVC's `status.capacity.storage` reaches the new size, watching the PVC with a
 * deadline and a polling fallback. It replies once when the resize is requested, once for each
 * `Resizing` or `FileSystemResizePending` condition it observes, and once when the capacity is reached.
 * On a timeout it reports the capacity, the conditions and the PVC's latest warning events.
 */
export function waitForCapacityStep(runtime: ExpandRuntime): Step<ExpandState> {
  return {
    name: 'wait-for-capacity',
    run: async (state) => {
      const requestedAt = requireExpandState(state, 'requestedAt');
      const { namespace, pvc } = runtime.context.target;
      const size = runtime.data.size;
      const sizeBytes = storageQuantityBytes(size) ?? Number.POSITIVE_INFINITY;
      const { capacityDeadlineMs, pollIntervalMs, now } = runtime.settings;
      const reported = new Set<string>();

      runtime.say('expand.wait.requested', { size, pvc, seconds: formatSeconds(capacityDeadlineMs) });
      const list = async () => {
        const claims = await runtime.core
          .listNamespacedPersistentVolumeClaim({ namespace, fieldSelector: `metadata.name=${pvc}` })
          .catch((error: unknown) => Promise.reject(toKubeError(error, `PVC ${namespace}/${pvc}`)));
        return { items: claims.items, resourceVersion: claims.metadata?.resourceVersion };
      };
      const check = (claims: V1PersistentVolumeClaim[]): V1PersistentVolumeClaim | undefined => {
        const claim = claims.find((item) => item.metadata?.name === pvc);
        if (claim === undefined) return undefined;
        if ((storageQuantityBytes(claim.status?.capacity?.storage) ?? 0) >= sizeBytes) return claim;
        reportConditions(runtime, claim, reported);
        return undefined;
      };

      let resized: V1PersistentVolumeClaim;
      try {
        resized = await watchUntil({
          kubeConfig: runtime.context.kubeConfig,
          path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/persistentvolumeclaims`,
          query: { fieldSelector: `metadata.name=${pvc}` },
          list,
          check,
          deadlineMs: capacityDeadlineMs,
          pollIntervalMs,
          description: `PVC ${namespace}/${pvc} to reach a capacity of ${size}`,
          logger: runtime.context.logger,
        });
      } catch (error) {
        if (!isPxmysqlError(error) || error.code !== 'kube_wait_timeout') throw error;
        throw await capacityTimeout(runtime, size, capacityDeadlineMs);
      }

      const resizedAt = now();
      const newCapacity = resized.status?.capacity?.storage ?? size;
      if (reported.size === 0) await reportRecordedResize(runtime, resized, requestedAt);
      runtime.context.logger.info({ pvc, capacity: newCapacity, afterMs: resizedAt - requestedAt }, 'PVC reached the new capacity');
      runtime.say('expand.wait.done', { pvc, capacity: newCapacity, seconds: formatSeconds(resizedAt - requestedAt) });
      return { newCapacity, resizedAt };
    },
  };
}

/** Replies once per resize condition type that is True on the PVC. */
function reportConditions(runtime: ExpandRuntime, claim: V1PersistentVolumeClaim, reported: Set<string>): void {
  const pvc = runtime.context.target.pvc;
  for (const condition of claim.status?.conditions ?? []) {
    if (condition.status !== 'True' || reported.has(condition.type)) continue;
    if (condition.type === 'Resizing') {
      const allocated = claim.status?.allocatedResources?.storage ?? runtime.data.size;
      runtime.say('expand.wait.resizing', { pvc, allocated: String(allocated) });
    } else if (condition.type === 'FileSystemResizePending') {
      runtime.say('expand.wait.fileSystemResizePending', { pvc });
    } else {
      continue;
    }
    reported.add(condition.type);
    runtime.context.logger.info({ pvc, condition: condition.type }, 'PVC resize condition');
  }
}

/**
 * Replies with the resize that the PVC's events recorded since the request. A resize can finish
 * between two reads of the PVC, and then its `Resizing` condition is never observed. The
 * resizer's `Resizing` event (external-resizer, or the lab's expander) still shows that the volume
 * grew. Nothing is sent when the events cannot be read or contain no such event.
 */
async function reportRecordedResize(runtime: ExpandRuntime, claim: V1PersistentVolumeClaim, requestedAt: number): Promise<void> {
  const { namespace, pvc } = runtime.context.target;
  // Event times have whole seconds, so an event of the same second as the request counts.
  const since = Math.floor(requestedAt / 1000) * 1000;
  const events = await runtime.core
    .listNamespacedEvent({ namespace, fieldSelector: `involvedObject.kind=PersistentVolumeClaim,involvedObject.name=${pvc},reason=Resizing` })
    .then(
      (list) => list.items,
      (error: unknown) => {
        runtime.context.logger.warn({ err: error, pvc }, 'cannot read the PVC events; the resize is reported without them');
        return [];
      },
    );
  const recorded = events.some((event) => eventTime(event) >= since);
  if (!recorded) return;
  runtime.say('expand.wait.resizing', { pvc, allocated: String(claim.status?.allocatedResources?.storage ?? runtime.data.size) });
}

/** Builds the timeout error with the PVC's capacity, conditions and latest warning events, as far as they can be read. */
async function capacityTimeout(runtime: ExpandRuntime, size: string, deadlineMs: number) {
  const { namespace, pvc } = runtime.context.target;
  const claim = await runtime.core.readNamespacedPersistentVolumeClaim({ name: pvc, namespace }).catch(() => undefined);
  const conditions = (claim?.status?.conditions ?? []).map((condition) => `${condition.type}=${condition.status}`).join(', ') || 'none';
  const events = await runtime.core
    .listNamespacedEvent({ namespace, fieldSelector: `involvedObject.kind=PersistentVolumeClaim,involvedObject.name=${pvc},type=Warning` })
    .then(
      (list) =>
        list.items
          .sort((left, right) => eventTime(left) - eventTime(right))
          .slice(-MAX_QUOTED_EVENTS)
          .map((event) => `${event.reason ?? '?'}: ${event.message ?? ''}`)
          .join('; ') || 'none',
      () => 'unknown',
    );
  return expandError(
    'expand_capacity_timeout',
    'expand.failed.capacityTimeout',
    { pvc, size, seconds: formatSeconds(deadlineMs), capacity: claim?.status?.capacity?.storage ?? 'unknown', conditions, events },
    'permanent',
  );
}

/** Returns when an event last happened, in milliseconds since the epoch, or 0 when it has no time. */
function eventTime(event: CoreV1Event): number {
  const time = event.lastTimestamp ?? event.eventTime ?? event.metadata?.creationTimestamp;
  return time === undefined ? 0 : new Date(time).getTime();
}
