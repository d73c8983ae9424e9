import type { LabRuntime } from '../runtime/lab-runtime.js';
import { recordEvent } from '../controllers/event-recorder.js';
import type { PodRecord } from './pod-record.js';

/** Source component of the attach-detach controller's events, as Kubernetes names it. */
export const ATTACH_DETACH_COMPONENT = 'attachdetach-controller';

/** Minimum time between two repeats of the same warning about one pod (the event's count goes up). */
const WARNING_REPEAT_MS = 10_000;

/**
 * Writes events about the kubelet's pods, as the kubelet (`source.component: kubelet`, with the
 * node as host) or another component. Repeats of a warning within 10 s are dropped, because the
 * kubelet retries a blocked pod on every resync and each event write wakes every controller.
 */
export class KubeletEvents {
  private readonly lastWarnings = new Map<string, number>();

  constructor(private readonly runtime: LabRuntime) {}

  normal(record: PodRecord, reason: string, message: string): void {
    this.write(record, 'Normal', reason, message, 'kubelet');
  }

  warning(record: PodRecord, reason: string, message: string, component = 'kubelet'): void {
    const key = `${record.uid}\n${reason}\n${message}`;
    const now = Date.now();
    const last = this.lastWarnings.get(key);
    if (last !== undefined && now - last < WARNING_REPEAT_MS) return;
    this.lastWarnings.set(key, now);
    this.write(record, 'Warning', reason, message, component);
  }

  /** Forgets the repeat times of a pod that is gone. */
  forget(uid: string): void {
    for (const key of this.lastWarnings.keys()) if (key.startsWith(`${uid}\n`)) this.lastWarnings.delete(key);
  }

  private write(record: PodRecord, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
    const pod = this.runtime.store.find('pods', record.namespace, record.name);
    if (!pod || pod.metadata.uid !== record.uid) return;
    recordEvent(this.runtime, {
      involvedObject: pod,
      type,
      reason,
      message,
      component,
      ...(component === 'kubelet' ? { host: record.nodeName } : {}),
    });
  }
}
