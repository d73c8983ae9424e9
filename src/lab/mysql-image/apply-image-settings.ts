import type { RowDataPacket } from 'mysql2/promise';
import type { Queryable } from '../../mysql/connect.js';
import { quoteIdentifier } from '../../mysql/identifiers.js';
import type { ImageSettings } from './image-environment.js';

/**
 * Runs the entrypoint's SQL on a new data directory, through a root connection that needs no
 * password. It drops the other root accounts and the anonymous accounts that `mariadb-install-db`
 * made, sets root's password on 'root'@'localhost' and creates 'root'@rootHost with all privileges.
 * The default rootHost '%' lets root log in over the network, which the lab's readiness checks and
 * the bot need. Then it creates the database and the user with all privileges on that database.
 * Passwords and account names go through mysql2's escaping placeholders, and the database name
 * through `quoteIdentifier`.
 */
export async function applyImageSettings(connection: Queryable, settings: ImageSettings): Promise<void> {
  await dropInstallerAccounts(connection);
  await connection.query("ALTER USER 'root'@'localhost' IDENTIFIED BY ?", [settings.rootPassword]);
  if (settings.rootHost !== 'localhost') {
    await connection.query('CREATE USER ?@? IDENTIFIED BY ?', ['root', settings.rootHost, settings.rootPassword]);
    await connection.query('GRANT ALL ON *.* TO ?@? WITH GRANT OPTION', ['root', settings.rootHost]);
    await connection.query("GRANT PROXY ON ''@'%' TO ?@? WITH GRANT OPTION", ['root', settings.rootHost]);
  }

  if (settings.database !== undefined) {
    await connection.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(settings.database)}`);
  }
  if (settings.user !== undefined) {
    await connection.query("CREATE USER ?@'%' IDENTIFIED BY ?", [settings.user.name, settings.user.password]);
    if (settings.database !== undefined) {
      await connection.query(`GRANT ALL ON ${quoteGrantDatabase(settings.database)}.* TO ?@'%'`, [settings.user.name]);
    }
  }
}

/**
 * Drops every root account except 'root'@'localhost' (root@127.0.0.1, root@::1 and root@<hostname>
 * have no password after `mariadb-install-db`) and every anonymous account.
 */
async function dropInstallerAccounts(connection: Queryable): Promise<void> {
  const [rows] = await connection.query<RowDataPacket[]>(
    "SELECT User AS name, Host AS host FROM mysql.user WHERE (User = 'root' AND Host <> 'localhost') OR User = ''",
  );
  for (const row of rows) {
    await connection.query('DROP USER ?@?', [String(row.name), String(row.host)]);
  }
}

/**
 * Quotes a database name for GRANT, where `_` and `%` are wildcards: both are escaped with a
 * backslash so the grant covers this one database, as the images do for `_`.
 */
function quoteGrantDatabase(database: string): string {
  return quoteIdentifier(database).replace(/[_%]/g, (wildcard) => `\\${wildcard}`);
}
