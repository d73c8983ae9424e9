import { z } from 'zod';
import { ROLES, SLACK_CHANNEL_ID, SLACK_USER_GROUP_ID, SLACK_USER_ID, TARGET_NAME, kubernetesName, kubernetesNamespace } from './names.js';

const clusterAccess = z.union([
  z.strictObject({
    kubeconfig: z.string().min(1, 'must be the path of a kubeconfig file'),
    context: z.string().min(1).optional(),
  }),
  z.strictObject({ inCluster: z.literal(true) }),
]);

/** People invited to a target's incident channels: Slack user ids, and user groups whose members are read at invite time. */
const onCall = z.strictObject({
  users: z.array(z.string().regex(SLACK_USER_ID, 'must be a Slack user id such as U0123ABCD')).default([]),
  groups: z.array(z.string().regex(SLACK_USER_GROUP_ID, 'must be a Slack user group id such as S0123ABCD')).default([]),
});

/** Bounds of `--keep` and of `keep` in the targets file: how many scheduled snapshots a schedule retains. */
export const SCHEDULE_KEEP_RANGE = { min: 1, max: 100, default: 7 } as const;

/** A schedule declared in the targets file; the bot upserts it at start under the same id as the command would. */
const declaredSchedule = z.strictObject({
  kind: z.enum(['snapshot', 'drill']),
  /** Cron pattern: 5 fields, or 6 with seconds first. */
  cron: z.string().min(1, 'must be a cron pattern such as "0 */6 * * *"'),
  /** IANA time zone of the cron pattern, such as Asia/Shanghai. Default UTC. */
  timezone: z.string().min(1).optional(),
  /** Scheduled snapshots retained; only for kind snapshot. */
  keep: z.number().int().min(SCHEDULE_KEEP_RANGE.min).max(SCHEDULE_KEEP_RANGE.max).optional(),
  /** Channel for the notices of each run; default the target's first channel. */
  channel: z.string().regex(SLACK_CHANNEL_ID, 'must be a Slack channel id such as C0123ABCD').optional(),
});

const target = z.strictObject({
  cluster: clusterAccess,
  namespace: kubernetesNamespace.default('default'),
  deployment: kubernetesName,
  pvc: kubernetesName,
  service: kubernetesName,
  rootPasswordSecret: z.strictObject({
    name: kubernetesName,
    key: z.string().regex(/^[-._a-zA-Z0-9]+$/, 'must be a Secret key: letters, digits, "-", "_" and "."'),
  }),
  portworx: z
    .strictObject({
      namespace: kubernetesNamespace.default('kube-system'),
      labelSelector: z.string().min(1).default('name=portworx'),
    })
    .default({ namespace: 'kube-system', labelSelector: 'name=portworx' }),
  channels: z.array(z.string().regex(SLACK_CHANNEL_ID, 'must be a Slack channel id such as C0123ABCD')).default([]),
  snapshots: z
    .strictObject({
      /** `csi`: snapshot.storage.k8s.io/v1 with a VolumeSnapshotClass; `stork`: STORK's volumesnapshot.external-storage.k8s.io/v1. */
      api: z.enum(['csi', 'stork']).default('stork'),
      volumeSnapshotClass: kubernetesName.default('px-csi-snapclass'),
      /** Hold FLUSH TABLES WITH READ LOCK while the snapshot is cut. */
      appConsistent: z.boolean().default(true),
      readyTimeoutSeconds: z.number().int().min(5).max(3600).default(300),
    })
    .default({ api: 'stork', volumeSnapshotClass: 'px-csi-snapclass', appConsistent: true, readyTimeoutSeconds: 300 }),
  expand: z
    .strictObject({ requireApproval: z.boolean().default(false) })
    .default({ requireApproval: false }),
  /** On-call people of this target; replaces the top-level `onCall` when set. */
  onCall: onCall.optional(),
  schedules: z.array(declaredSchedule).default([]),
  health: z
    .strictObject({
      /** Seconds a MySQL pod may be not Ready, or on a NotReady node, before the health watch posts an alert. */
      alertAfterSeconds: z.number().int().min(1).max(86_400).default(60),
      /** Seconds an alert may stay open before an incident channel is opened for it. */
      incidentAfterSeconds: z.number().int().min(1).max(604_800).default(600),
    })
    .default({ alertAfterSeconds: 60, incidentAfterSeconds: 600 }),
});

const role = z.enum(ROLES);

export const targetsFileSchema = z.strictObject({
  defaultTarget: z.string().regex(TARGET_NAME).optional(),
  roles: z
    .strictObject({
      users: z.record(z.string().regex(SLACK_USER_ID, 'must be a Slack user id such as U0123ABCD'), role).default({}),
      groups: z.record(z.string().regex(SLACK_USER_GROUP_ID, 'must be a Slack user group id such as S0123ABCD'), role).default({}),
    })
    .default({ users: {}, groups: {} }),
  /** On-call people of every target without its own `onCall`. */
  onCall: onCall.default({ users: [], groups: [] }),
  targets: z.record(z.string().regex(TARGET_NAME, 'must be a target name: lowercase letters, digits and "-"'), target),
});

export type TargetsFile = z.infer<typeof targetsFileSchema>;
export type TargetConfig = z.infer<typeof target> & { name: string };
export type ClusterAccess = z.infer<typeof clusterAccess>;
export type DeclaredSchedule = z.infer<typeof declaredSchedule>;
export type OnCallConfig = z.infer<typeof onCall>;
