import { describe, expect, it } from 'vitest';
import { buildInstallDbArguments, buildMariadbArguments } from '../../../src/lab/processes/mariadb-arguments.js';

const paths = { dataDir: '/d', socketPath: '/r/s.sock', pidFile: '/r/p.pid', errorLog: '/r/error.log' };

describe('buildMariadbArguments', () => {
  it('puts --no-defaults first', () => {
    expect(buildMariadbArguments(paths, { kind: 'tcp', host: '127.0.0.2', port: 3306 })[0]).toBe('--no-defaults');
    expect(buildMariadbArguments(paths, { kind: 'socket-only' })[0]).toBe('--no-defaults');
    expect(buildInstallDbArguments('/d')[0]).toBe('--no-defaults');
  });

  it('binds the TCP address and port', () => {
    const args = buildMariadbArguments(paths, { kind: 'tcp', host: '127.0.0.2', port: 3306 });

    expect(args).toContain('--bind-address=127.0.0.2');
    expect(args).toContain('--port=3306');
    expect(args).toContain('--skip-log-bin');
    expect(args).toContain('--user=root');
    expect(args).not.toContain('--skip-networking');
  });

  it('turns networking off for the socket-only server', () => {
    const args = buildMariadbArguments(paths, { kind: 'socket-only' });

    expect(args).toContain('--skip-networking');
    expect(args).toContain('--socket=/r/s.sock');
    expect(args.some((arg) => arg.startsWith('--port') || arg.startsWith('--bind-address'))).toBe(false);
  });

  it('gives temporary tables a private folder', () => {
    expect(buildMariadbArguments({ ...paths, tmpDir: '/r/tmp' }, { kind: 'socket-only' })).toContain('--tmpdir=/r/tmp');
    expect(buildMariadbArguments(paths, { kind: 'socket-only' }).some((arg) => arg.startsWith('--tmpdir'))).toBe(false);
    expect(buildInstallDbArguments('/d', '/t')).toContain('--tmpdir=/t');
  });
});
