/**
 * InnoDB settings small enough that a dozen servers fit on a 2-core machine with a few GB of RAM:
 * a 16 MiB buffer pool and an 8 MiB redo log (MariaDB 10.11 defaults are 128 MiB and 96 MiB).
 * The same log size is passed to `mariadb-install-db`, so a new data directory contains an 8 MiB log
 * and is about 26 MiB in total.
 */
export const SMALL_INNODB_ARGUMENTS: readonly string[] = [
  '--innodb-buffer-pool-size=16M',
  '--innodb-log-file-size=8M',
  '--innodb-log-buffer-size=4M',
];

export interface MariadbPaths {
  dataDir: string;
  socketPath: string;
  pidFile: string;
  errorLog: string;
  /**
   * Private folder for the server's temporary tables. The default is /tmp, shared by every server
   * and test on the machine; a folder of its own keeps their files apart.
   */
  tmpDir?: string;
}

/** Listening mode of the server: a TCP address and port, or only its Unix socket. */
export type MariadbListen = { kind: 'tcp'; host: string; port: number } | { kind: 'socket-only' };

/**
 * Builds the `mariadbd` command line. `--no-defaults` comes first because mariadbd reads it only
 * in that position; anywhere else Debian's /etc/mysql configuration is read as well.
 */
export function buildMariadbArguments(paths: MariadbPaths, listen: MariadbListen): string[] {
  const network =
    listen.kind === 'tcp' ? [`--bind-address=${listen.host}`, `--port=${listen.port}`] : ['--skip-networking'];
  return [
    '--no-defaults',
    `--datadir=${paths.dataDir}`,
    '--user=root',
    ...network,
    `--socket=${paths.socketPath}`,
    `--pid-file=${paths.pidFile}`,
    `--log-error=${paths.errorLog}`,
    ...(paths.tmpDir === undefined ? [] : [`--tmpdir=${paths.tmpDir}`]),
    '--skip-log-bin',
    ...SMALL_INNODB_ARGUMENTS,
  ];
}

/** Builds the `mariadb-install-db` command line for an empty data directory. */
export function buildInstallDbArguments(dataDir: string, tmpDir?: string): string[] {
  return [
    '--no-defaults',
    `--datadir=${dataDir}`,
    ...(tmpDir === undefined ? [] : [`--tmpdir=${tmpDir}`]),
    '--user=root',
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    '--skip-name-resolve',
    ...SMALL_INNODB_ARGUMENTS,
  ];
}
