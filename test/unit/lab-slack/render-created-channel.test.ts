import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../../src/lab/cli/render-message.js';

describe('renderMessage with created channels', () => {
  it('names an unknown channel by its label', () => {
    expect(renderMessage({ text: 'see <#C2NWOJKYSDP|inc-20261204-orders-db-failover>' })).toEqual(['see #inc-20261204-orders-db-failover']);
  });

  it('keeps an unknown channel without label', () => {
    expect(renderMessage({ text: 'see <#C2NWOJKYSDP>' })).toEqual(['see <#C2NWOJKYSDP>']);
  });

  it('prefers the seeded channel name', () => {
    expect(renderMessage({ text: 'in <#C0LABOPS1|old-name>' })).toEqual(['in #ops']);
  });
});
