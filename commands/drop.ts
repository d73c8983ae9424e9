import type { KubeConfig } from '@kubernetes/client-node';
import type { KnownBlock } from '@slack/types';
import type { Approval } from '../src/approvals/approval-types.js';
import type { Locale } from '../src/config/app-config.js';
import type { TargetConfig } from '../src/config/targets-schema.js';
import { PxmysqlError, UserInputError } from '../src/errors.js';
import { findIdentifierProblem, isSystemSchema } from '../src/mysql/identifiers.js';
import { fields, section } from '../src/slack/blocks/builders.js';
import { inlineCode, mention, userText } from '../src/slack/user-text.js';
import type { DropJobData } from '../jobs/drop/drop-data.js';
import { listTableRows, type TableRows } from '../jobs/drop/target-database.js';
import type { Logger } from '../src/logging.js';
import { connectToTargetMysql, findTargetMysqlPod } from '../src/kube/target-mysql.js';
import { approvalJobFields } from './approval-job-fields.js';

/** Maximum number of tables listed in a drop approval message; the rest are counted. */
const PLAN_TABLES = 15;
/** Maximum length of a VolumeSnapshot name. */
const MAX_SNAPSHOT_NAME_LENGTH = 253;

/**
 * Checks the database named in `/pxmysql drop`: a valid identifier, and not one of the server's
 * system schemas. Throws a `UserInputError` with key `drop.error.invalidName` or `drop.error.systemSchema`.
 */
export function validateDropDatabase(name: string): string {
  const problem = findIdentifierProblem(name);
  if (problem !== undefined) {
    throw new UserInputError('drop_database_invalid', `invalid database name ${JSON.stringify(name)}: ${problem}`, 'drop.error.invalidName', { name, reason: problem });
  }
  if (isSystemSchema(name)) {
    throw new UserInputError('drop_system_schema', `${name} is a system schema, and pxmysql never drops it`, 'drop.error.systemSchema', { name });
  }
  return name;
}

/**
 * Returns the safety snapshot name for a drop: `drop-<database>-<yyyymmdd>-<hhmmss>` in UTC. The
 * database name is lowercased and every run of characters outside `[a-z0-9]` becomes one "-",
 * so the result is always a valid VolumeSnapshot name.
 */
export function defaultSafetySnapshotName(database: string, now: Date): string {
  const iso = now.toISOString();
  const suffix = `-${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
  const cleaned = database.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const base = `drop-${cleaned}`.slice(0, MAX_SNAPSHOT_NAME_LENGTH - suffix.length).replace(/-+$/, '');
  return `${base}${suffix}`;
}

/**
 * Builds the plan of a drop approval message: target, database, its tables with estimated row
 * counts when the caller could read them, and the safety snapshot. The expiry line and the
 * buttons follow it.
 */
export function dropPlanMessage(
  locale: Locale,
  target: TargetConfig,
  database: string,
  safetySnapshotName: string,
  options: { requestedBy?: string; tables?: readonly TableRows[] } = {},
): { title: string; blocks: KnownBlock[] } {
  const t = (key: string, params = {}) => userText(locale, key, params);
  const user = options.requestedBy === undefined ? '?' : mention(options.requestedBy);
  const title = t('drop.plan.title', { user, database, target: target.name });

  const tables = options.tables ?? [];
  const listed = tables.slice(0, PLAN_TABLES).map((table) => `${inlineCode(table.table).mrkdwn} (~${table.estimatedRows})`);
  if (tables.length > PLAN_TABLES) listed.push(t('drop.plan.moreTables', { count: tables.length - PLAN_TABLES }));

  const blocks: KnownBlock[] = [section(title)];
  blocks.push(
    ...fields([
      { label: t('status.deployment'), value: inlineCode(`${target.namespace}/${target.deployment}`).mrkdwn },
      { label: t('drop.plan.database'), value: inlineCode(database).mrkdwn },
      { label: t('drop.plan.safetySnapshot'), value: inlineCode(safetySnapshotName).mrkdwn },
      { label: t('drop.plan.tables'), value: listed.join('\n') || t('drop.plan.noTables') },
    ]),
  );
  blocks.push(section(t('drop.plan.steps', { snapshot: inlineCode(safetySnapshotName), database: inlineCode(database) })));
  return { title, blocks };
}

/**
 * Reads the tables of the database with estimated row counts for the plan. Returns undefined when
 * MySQL cannot be reached, because the plan is still worth showing without them.
 */
export async function readDropPlanTables(kubeConfig: KubeConfig, target: TargetConfig, database: string, logger: Logger): Promise<TableRows[] | undefined> {
  try {
    const pod = await findTargetMysqlPod(kubeConfig, target);
    const connection = await connectToTargetMysql(kubeConfig, target, pod, { connectTimeoutMs: 5_000, logger });
    try {
      return await listTableRows(connection, database);
    } finally {
      await connection.end();
    }
  } catch (error) {
    logger.warn({ err: error, target: target.name, database }, 'cannot read the tables for the drop plan; showing it without them');
    return undefined;
  }
}

/** Builds the drop job from the stored approval (never from the click). */
export function dropJobFromApproval(approval: Approval, approvedBy: string): DropJobData {
  const database = approval.params.database;
  const safetySnapshotName = approval.params.safetySnapshotName;
  if (typeof database !== 'string' || typeof safetySnapshotName !== 'string') {
    throw new PxmysqlError('approval_params_invalid', `approval ${approval.id} for drop lacks the database or the safety snapshot name`);
  }
  return {
    ...approvalJobFields(approval, approvedBy),
    operation: 'drop',
    database: validateDropDatabase(database),
    safetySnapshotName,
  };
}
