import { PatchStrategy, setHeaderOptions, type V1Pod } from '@kubernetes/client-node';
import { isPxmysqlError } from '../../src/errors.js';
import { toKubeError } from '../../src/kube/kube-errors.js';
import { listPods } from '../../src/kube/deployment-pods.js';
import { isPodReady, isPodTerminating } from '../../src/kube/node-state.js';
import { connectToPodMysql, isServingPod, podEndpoint } from '../../src/kube/pod-mysql.js';
import { watchUntil } from '../../src/kube/watch-until.js';
import { compareFingerprints, type FingerprintComparison } from '../../src/mysql/fingerprint-compare.js';
import { takeFingerprint } from '../../src/mysql/fingerprint.js';
import type { Step } from '../../src/runtime/step-runner.js';
import { inlineCode } from '../../src/slack/user-text.js';
import { requireRestoreState, restoreError, type RestoreRuntime } from './restore-context.js';
import { RESTORE_ANNOTATIONS, type RestoredPod, type RestoreState } from './restore-data.js';

/** Maximum number of table names listed in one reply line; the rest are counted. */
const LISTED_TABLES = 20;

/** Waits, with a deadline and a polling fallback, until a pod of the restored Deployment is Running and Ready. */
export function waitReadyStep(runtime: RestoreRuntime): Step<RestoreState> {
  return {
    name: 'wait-ready',
    run: async (state) => {
      const deploymentName = requireRestoreState(state, 'deploymentName');
      const { namespace } = runtime.context.target;
      const labelSelector = `app=${deploymentName}`;
      const { readyDeadlineMs, pollIntervalMs } = runtime.settings;

      let pod: RestoredPod;
      try {
        pod = await watchUntil({
          kubeConfig: runtime.context.kubeConfig,
          path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
          query: { labelSelector },
          list: () => listPods(runtime.core, namespace, labelSelector),
          check: (pods) => {
            const found = pods.find(isServingPod);
            return found === undefined ? undefined : podEndpoint(found);
          },
          deadlineMs: readyDeadlineMs,
          pollIntervalMs,
          description: `a Ready pod of Deployment ${namespace}/${deploymentName}`,
          logger: runtime.context.logger,
        });
      } catch (error) {
        if (!isPxmysqlError(error) || error.code !== 'kube_wait_timeout') throw error;
        const pods = await listPods(runtime.core, namespace, labelSelector).then((list) => list.items.map(describePod).join('; ') || 'none', () => 'unknown');
        throw restoreError('restore_ready_timeout', 'restore.failed.readyTimeout', { deployment: deploymentName, seconds: Math.round(readyDeadlineMs / 1000), pods }, 'permanent');
      }
      runtime.say('restore.ready', { pod: inlineCode(pod.name), node: inlineCode(pod.nodeName ?? '?') });
      return { pod };
    },
  };
}

/**
 * Fingerprints the databases recorded in the snapshot's fingerprint on the restored server and
 * compares table by table. Any difference, missing or extra table stops the job with the tables
 * named. A snapshot without a recorded fingerprint is reported as not verified.
 */
export function verifyStep(runtime: RestoreRuntime): Step<RestoreState> {
  return {
    name: 'verify',
    run: async (state) => {
      const source = requireRestoreState(state, 'source');
      const pod = requireRestoreState(state, 'pod');
      if (source.fingerprint === undefined) {
        runtime.say('restore.verify.skipped', { snapshot: inlineCode(source.name) });
        return { verifySkipped: true };
      }

      const connection = await connectToPodMysql(runtime.core, runtime.context.target, pod, {
        waitMs: runtime.settings.mysqlWaitMs,
        connectTimeoutMs: runtime.settings.mysqlConnectTimeoutMs,
        logger: runtime.context.logger,
      });
      let comparison: FingerprintComparison;
      try {
        const restored = await takeFingerprint(connection, { databases: source.fingerprint.databases });
        comparison = compareFingerprints(source.fingerprint, restored);
      } finally {
        await connection.end();
      }

      runtime.say('restore.verify.matching', { count: comparison.matching.length, tables: listTables(comparison.matching) });
      if (!comparison.equal) {
        const differing = [...comparison.differing.map((difference) => difference.table), ...comparison.missing, ...comparison.extra, ...comparison.missingDatabases];
        runtime.context.logger.warn({ differing: comparison.differing.length, missing: comparison.missing, extra: comparison.extra }, 'restored data differs from the snapshot fingerprint');
        throw restoreError('restore_verify_failed', 'restore.failed.fingerprintDiffers', { count: differing.length, tables: listTables(differing) }, 'permanent');
      }
      await markVerified(runtime, runtime.request.restoreName);
      return { comparison, verifySkipped: false };
    },
  };
}

/** Records on the restored Deployment that its data matched the snapshot, which promotion checks. */
async function markVerified(runtime: RestoreRuntime, name: string): Promise<void> {
  const namespace = runtime.context.target.namespace;
  const body = { metadata: { annotations: { [RESTORE_ANNOTATIONS.verifiedAt]: new Date(runtime.settings.now()).toISOString() } } };
  await runtime.apps
    .patchNamespacedDeployment({ name, namespace, body }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch))
    .catch((error: unknown) => Promise.reject(toKubeError(error, `Deployment ${namespace}/${name}`)));
}

/** Joins table names for a reply, listing at most 20 and counting the rest. */
export function listTables(tables: readonly string[]): string {
  if (tables.length === 0) return '-';
  const listed = tables.slice(0, LISTED_TABLES).join(', ');
  return tables.length > LISTED_TABLES ? `${listed} (+${tables.length - LISTED_TABLES})` : listed;
}

function describePod(pod: V1Pod): string {
  const phase = isPodTerminating(pod) ? 'Terminating' : (pod.status?.phase ?? 'Unknown');
  return `${pod.metadata?.name ?? '?'} ${phase}, ${isPodReady(pod) ? 'Ready' : 'not Ready'}, node ${pod.spec?.nodeName ?? 'none'}`;
}
