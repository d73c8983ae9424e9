import { Watch, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { PxmysqlError, isPxmysqlError } from '../errors.js';
import type { Logger } from '../logging.js';
import { cancellationSignal } from '../runtime/cancellation.js';

export interface WatchUntilOptions<Item extends KubernetesObject, Result> {
  kubeConfig: KubeConfig;
  /** Path of the collection to watch, such as `/api/v1/namespaces/default/pods`. */
  path: string;
  /** Query parameters of the watch besides `resourceVersion`, such as `{ labelSelector: 'app=mysql' }`. */
  query: Record<string, string>;
  /** Lists the same collection with the same selectors. Must throw a PxmysqlError, so permanent errors stop the wait. */
  list(): Promise<{ items: Item[]; resourceVersion: string | undefined }>;
  /** Returns the result once the items fulfil the condition, or undefined to keep waiting. */
  check(items: Item[]): Result | undefined;
  /** How long to wait, in milliseconds. */
  deadlineMs: number;
  /** Interval of the polling fallback: a list checked on its own, in milliseconds. */
  pollIntervalMs: number;
  /** Pause before a new list and watch after a watch failed, in milliseconds. Default 1000. */
  rewatchDelayMs?: number;
  /** Description of the awaited condition for the timeout error, such as "a Ready replacement pod". */
  description: string;
  logger?: Logger;
  /**
   * Stops the wait with the signal's reason. Default: the abort signal of the job running in this
   * async context, so `/pxmysql cancel` ends a wait without waiting for its deadline.
   */
  signal?: AbortSignal;
}

/**
 * Waits until `check` returns a result for the items of a collection, by listing it and watching
 * from the list's resourceVersion. A watch that ends, or fails with `410 Gone` (as an HTTP status
 * or as an ERROR event), restarts from a fresh list. A separate list every `pollIntervalMs` covers
 * a watch that stays silent. Rejects with `kube_wait_timeout` (retryable) after `deadlineMs`, and
 * at once when a list fails with a permanent error.
 */
export function watchUntil<Item extends KubernetesObject, Result>(options: WatchUntilOptions<Item, Result>): Promise<Result> {
  const rewatchDelayMs = options.rewatchDelayMs ?? 1_000;
  const log = options.logger;

  return new Promise<Result>((resolve, reject) => {
    let finished = false;
    let generation = 0;
    let controller: AbortController | undefined;
    let cache = new Map<string, Item>();
    let rewatchTimer: NodeJS.Timeout | undefined;

    const signal = options.signal ?? cancellationSignal();
    const onAbort = (): void => fail(signal?.reason);
    const stop = (): void => {
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      clearTimeout(deadlineTimer);
      clearInterval(pollTimer);
      clearTimeout(rewatchTimer);
      controller?.abort();
    };
    const succeed = (result: Result): void => {
      if (finished) return;
      stop();
      resolve(result);
    };
    const fail = (error: unknown): void => {
      if (finished) return;
      stop();
      reject(error);
    };
    const evaluate = (items: Item[]): void => {
      try {
        const result = options.check(items);
        if (result !== undefined) succeed(result);
      } catch (error) {
        fail(error);
      }
    };
    const handleListError = (error: unknown): void => {
      if (isPxmysqlError(error) && !error.retryable) fail(error);
      else log?.warn({ err: error, path: options.path }, 'list failed; the next poll retries');
    };

    const listAndWatch = async (): Promise<void> => {
      generation += 1;
      const current = generation;
      controller?.abort();
      controller = undefined;

      let list: Awaited<ReturnType<typeof options.list>>;
      try {
        list = await options.list();
      } catch (error) {
        handleListError(error);
        if (!finished && current === generation) scheduleRewatch();
        return;
      }
      if (finished || current !== generation) return;
      cache = new Map(list.items.map((item) => [keyOf(item), item]));
      evaluate([...cache.values()]);
      if (!finished) await startWatch(current, list.resourceVersion);
    };

    const scheduleRewatch = (delayMs = rewatchDelayMs): void => {
      clearTimeout(rewatchTimer);
      rewatchTimer = setTimeout(() => void listAndWatch(), delayMs);
    };

    const startWatch = async (current: number, resourceVersion: string | undefined): Promise<void> => {
      const query = { ...options.query, allowWatchBookmarks: 'true', ...(resourceVersion === undefined ? {} : { resourceVersion }) };
      const onEvent = (type: string, object: unknown): void => {
        if (finished || current !== generation) return;
        if (type === 'ERROR') {
          const code = (object as { code?: number } | undefined)?.code;
          log?.debug({ path: options.path, code }, 'watch sent an ERROR event; listing again');
          void listAndWatch();
          return;
        }
        if (type === 'BOOKMARK') return;
        const item = object as Item;
        if (type === 'DELETED') cache.delete(keyOf(item));
        else cache.set(keyOf(item), item);
        evaluate([...cache.values()]);
      };
      const onDone = (error: unknown): void => {
        if (finished || current !== generation) return;
        const status = (error as { statusCode?: number } | null)?.statusCode;
        if (error === null || error === undefined || status === 410) {
          log?.debug({ path: options.path, status }, 'watch ended; listing again');
          void listAndWatch();
        } else {
          log?.warn({ err: error, path: options.path }, 'watch failed; listing again after a pause');
          scheduleRewatch();
        }
      };

      const started = await new Watch(options.kubeConfig).watch(options.path, query, onEvent, onDone);
      if (finished || current !== generation) started.abort();
      else controller = started;
    };

    const deadlineTimer = setTimeout(() => {
      fail(new PxmysqlError('kube_wait_timeout', `timed out after ${options.deadlineMs} ms waiting for ${options.description}`, { kind: 'retryable' }));
    }, options.deadlineMs);
    const pollTimer = setInterval(() => {
      options.list().then((list) => {
        if (!finished) evaluate(list.items);
      }, handleListError);
    }, options.pollIntervalMs);

    // After the timers exist, because stop() clears them.
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    void listAndWatch();
  });
}

function keyOf(item: KubernetesObject): string {
  return item.metadata?.uid ?? `${item.metadata?.namespace ?? ''}/${item.metadata?.name ?? ''}`;
}
