import { describe, expect, it } from 'vitest';
import { compareTs, MessageTsClock, newTriggerId } from '../../../src/lab/slack/ids.js';
import { commandText } from '../../../src/lab/slack/payloads.js';

describe('MessageTsClock', () => {
  it('issues strictly increasing ts', () => {
    const clock = new MessageTsClock();
    let previous = clock.next();
    for (let index = 0; index < 1000; index += 1) {
      const next = clock.next();
      expect(next).toMatch(/^\d{10}\.\d{6}$/);
      expect(compareTs(next, previous)).toBe(1);
      previous = next;
    }
  });
});

describe('compareTs', () => {
  it('orders by seconds then micros', () => {
    expect(compareTs('1700000000.000002', '1700000000.000010')).toBe(-1);
    expect(compareTs('1700000001.000000', '1700000000.999999')).toBe(1);
    expect(compareTs('1700000000.000100', '1700000000.000100')).toBe(0);
  });
});

describe('commandText', () => {
  it('strips the command name', () => {
    expect(commandText('/pxmysql failover orders-db')).toBe('failover orders-db');
    expect(commandText('  status ')).toBe('status');
    expect(commandText('/pxmysql')).toBe('');
  });

  it('rejects other commands', () => {
    expect(() => commandText('/giphy cats')).toThrow('the lab only knows /pxmysql, not /giphy');
  });
});

describe('newTriggerId', () => {
  it('has Slack shape', () => {
    expect(newTriggerId()).toMatch(/^\d+\.\d+\.[0-9a-f]{32}$/);
  });
});
