import { describe, expect, it } from 'vitest';
import { buildClientArguments } from '../../../src/lab/kubelet/mysql-client.js';

const target = { host: '127.0.20.10', port: 3306, home: '/tmp/pod' };
const address = ['--host=127.0.20.10', '--port=3306', '--protocol=TCP'];

describe('buildClientArguments', () => {
  it('appends the pod address', () => {
    expect(buildClientArguments(['-uroot', '-ppassword', '-e', 'select 1'], target)).toEqual(['--no-defaults', '-uroot', '-ppassword', '-e', 'select 1', ...address]);
  });

  it('keeps a defaults option first', () => {
    expect(buildClientArguments(['--defaults-file=/etc/my.cnf', 'shop'], target)).toEqual(['--defaults-file=/etc/my.cnf', 'shop', ...address]);
  });

  it('puts the address before --', () => {
    expect(buildClientArguments(['-uroot', '--', 'shop'], target)).toEqual(['--no-defaults', '-uroot', ...address, '--', 'shop']);
  });
});
