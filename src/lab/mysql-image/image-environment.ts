import { randomBytes } from 'node:crypto';

/** Set-up of a new data directory by the image's entrypoint, resolved from the container's environment. */
export interface ImageSettings {
  /** Empty when an empty root password is allowed. */
  rootPassword: string;
  /** Set when MYSQL_RANDOM_ROOT_PASSWORD chose the password; the image prints it as GENERATED ROOT PASSWORD. */
  generatedRootPassword?: string;
  /** Host part of the root account that may log in over the network; `localhost` creates none. */
  rootHost: string;
  database?: string;
  user?: { name: string; password: string };
  /** Entrypoint warnings, such as a user without a password that was not created. */
  warnings: string[];
}

/** Thrown for an environment that the image's entrypoint also rejects, with the image's kind of message. */
export class ImageEnvironmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageEnvironmentError';
  }
}

const PASSWORD_OPTIONS_MESSAGE =
  'Database is uninitialized and password option is not specified\n' +
  '\tYou need to specify one of the following as an environment variable:\n' +
  '\t- MYSQL_ROOT_PASSWORD\n' +
  '\t- MYSQL_ALLOW_EMPTY_PASSWORD\n' +
  '\t- MYSQL_RANDOM_ROOT_PASSWORD\n' +
  '\t(or MARIADB_ROOT_PASSWORD, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD, MARIADB_RANDOM_ROOT_PASSWORD)';

/**
 * Reads the variables of the official `mysql` and `mariadb` images. A `MARIADB_` variable wins
 * over its `MYSQL_` alias, as in the mariadb image. As in both images, any non-empty value turns a
 * yes/no option on, even "no", and a random root password wins over a given one.
 *
 * Throws ImageEnvironmentError when no root password option is set, or when MYSQL_USER is root.
 * NOTE: the `_FILE` variants (such as MYSQL_ROOT_PASSWORD_FILE) are not read.
 */
export function resolveImageSettings(env: Readonly<Record<string, string | undefined>>): ImageSettings {
  const read = (mariadbName: string, mysqlName: string): string => env[mariadbName] || env[mysqlName] || '';
  const givenPassword = read('MARIADB_ROOT_PASSWORD', 'MYSQL_ROOT_PASSWORD');
  const allowEmpty = read('MARIADB_ALLOW_EMPTY_ROOT_PASSWORD', 'MYSQL_ALLOW_EMPTY_PASSWORD') !== '';
  const random = read('MARIADB_RANDOM_ROOT_PASSWORD', 'MYSQL_RANDOM_ROOT_PASSWORD') !== '';
  if (givenPassword === '' && !allowEmpty && !random) throw new ImageEnvironmentError(PASSWORD_OPTIONS_MESSAGE);

  const userName = read('MARIADB_USER', 'MYSQL_USER');
  const userPassword = read('MARIADB_PASSWORD', 'MYSQL_PASSWORD');
  if (userName === 'root') {
    throw new ImageEnvironmentError(
      'MYSQL_USER="root", MYSQL_USER and MYSQL_PASSWORD are for configuring a regular user and cannot be used for the root user\n' +
        '\tRemove MYSQL_USER="root" and use MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD or MYSQL_RANDOM_ROOT_PASSWORD to control the root password',
    );
  }

  const warnings: string[] = [];
  let user: ImageSettings['user'];
  if (userName !== '' && userPassword !== '') user = { name: userName, password: userPassword };
  else if (userName !== '') warnings.push('MYSQL_USER specified, but missing MYSQL_PASSWORD; MYSQL_USER will not be created');
  else if (userPassword !== '') warnings.push('MYSQL_PASSWORD specified, but missing MYSQL_USER; MYSQL_PASSWORD will be ignored');

  const generatedRootPassword = random ? randomBytes(24).toString('base64') : undefined;
  const database = read('MARIADB_DATABASE', 'MYSQL_DATABASE');
  return {
    rootPassword: generatedRootPassword ?? givenPassword,
    ...(generatedRootPassword === undefined ? {} : { generatedRootPassword }),
    rootHost: read('MARIADB_ROOT_HOST', 'MYSQL_ROOT_HOST') || '%',
    ...(database === '' ? {} : { database }),
    ...(user === undefined ? {} : { user }),
    warnings,
  };
}
