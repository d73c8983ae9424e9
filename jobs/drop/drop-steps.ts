import type { Queryable } from '../../src/mysql/connect.js';
import { findIdentifierProblem, isSystemSchema, quoteIdentifier } from '../../src/mysql/identifiers.js';
import type { Step } from '../../src/runtime/step-runner.js';
import { inlineCode } from '../../src/slack/user-text.js';
import { dropError, type DropRuntime } from './drop-context.js';
import type { DropState } from './drop-data.js';
import { connectToTargetMysql, countTables, databaseExists } from './target-database.js';

/** MySQL error number of `DROP DATABASE` on a database that does not exist (ER_DB_DROP_EXISTS). */
const ER_DB_DROP_EXISTS = 1008;

/**
 * Cuts the safety snapshot under the name chosen at request time and posts its name. It first
 * rejects a system schema or an invalid name and checks that the database exists, so a drop of a missing database fails before any snapshot is cut.
 */
export function safetySnapshotStep(runtime: DropRuntime): Step<DropState> {
  return {
    name: 'safety-snapshot',
    run: async () => {
      const { database, safetySnapshotName } = runtime.data;
      // The command checks these too. The job checks again because its data may come from elsewhere.
      const problem = findIdentifierProblem(database);
      if (problem !== undefined) throw dropError('drop_database_invalid', 'drop.error.invalidName', { name: database, reason: problem });
      if (isSystemSchema(database)) throw dropError('drop_system_schema', 'drop.error.systemSchema', { name: database });

      const connection = await connectToTargetMysql(runtime);
      try {
        if (!(await databaseExists(connection, database))) {
          throw dropError('drop_database_not_found', 'drop.failed.notFound', { database, target: runtime.data.target });
        }
      } finally {
        await connection.end();
      }

      runtime.say('drop.snapshot.started', { name: inlineCode(safetySnapshotName) });
      const snapshot = await runtime.settings.takeSnapshot(runtime.context, { name: safetySnapshotName, jobId: runtime.jobId });
      runtime.say('drop.snapshot.done', { name: inlineCode(snapshot.name), api: snapshot.api });
      return { safetySnapshot: { name: snapshot.name, api: snapshot.api, restoreSize: snapshot.restoreSize } };
    },
  };
}

/**
 * Sends `DROP DATABASE` for the quoted name. The start is stored before the statement is sent, so
 * a resumed run that finds the database gone counts the drop as done. A run that finds the
 * database missing without a stored start fails, because then something else removed it.
 */
export function dropDatabaseStep(runtime: DropRuntime): Step<DropState> {
  return {
    name: 'drop-database',
    run: async (state) => {
      const { database, target } = runtime.data;
      const connection = await connectToTargetMysql(runtime);
      try {
        if (!(await databaseExists(connection, database))) {
          if (state.dropStartedAt === undefined) throw dropError('drop_database_not_found', 'drop.failed.notFound', { database, target });
          runtime.context.logger.info({ database }, 'database already gone after an earlier run of this job');
          return { alreadyGone: true, droppedAt: new Date(runtime.settings.now()).toISOString() };
        }

        const tablesBefore = state.tablesBefore ?? (await countTables(connection, database));
        const dropStartedAt = state.dropStartedAt ?? new Date(runtime.settings.now()).toISOString();
        await runtime.saveProgress({ ...state, tablesBefore, dropStartedAt });

        await sendDropDatabase(connection, database);
        if (await databaseExists(connection, database)) {
          throw dropError('drop_database_still_present', 'drop.failed.stillPresent', { database, target }, 'permanent');
        }
        runtime.context.logger.info({ database, tablesBefore }, 'database dropped');
        runtime.say('drop.database.done', { database: inlineCode(database), tables: tablesBefore });
        return { tablesBefore, dropStartedAt, alreadyGone: false, droppedAt: new Date(runtime.settings.now()).toISOString() };
      } finally {
        await connection.end();
      }
    },
  };
}

/** Sends `DROP DATABASE` with the quoted name. A database that another session dropped in the meantime counts as dropped. */
async function sendDropDatabase(connection: Queryable, database: string): Promise<void> {
  try {
    await connection.query(`DROP DATABASE ${quoteIdentifier(database, 'database')}`);
  } catch (error) {
    if ((error as { errno?: number }).errno === ER_DB_DROP_EXISTS) return;
    throw dropError('drop_database_failed', 'drop.failed.statement', { database, reason: (error as Error).message ?? String(error) }, 'permanent');
  }
}

/** Posts the summary. Run again after a crash, it posts the summary again. */
export function dropReportStep(runtime: DropRuntime): Step<DropState> {
  return {
    name: 'report',
    run: async (state) => {
      const { database, target } = runtime.data;
      const snapshot = state.safetySnapshot?.name ?? runtime.data.safetySnapshotName;
      runtime.say('drop.report.done', { database: inlineCode(database), target: inlineCode(target), snapshot: inlineCode(snapshot) });
      await runtime.context.reporter.flush();
      return {};
    },
  };
}
