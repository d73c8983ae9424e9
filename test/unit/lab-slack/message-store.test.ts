import { describe, expect, it } from 'vitest';
import { MessageStore } from '../../../src/lab/slack/message-store.js';
import type { LabEvent } from '../../../src/lab/slack/message-types.js';

const OPS = 'C0LABOPS1';

function storeWithCommand(): MessageStore {
  const store = new MessageStore('T0LAB0001');
  store.registerCommand({ commandId: 'cmd1', triggerId: 'trig.1.a', userId: 'U0LABONC1', channelId: OPS, startedAt: Date.now() });
  return store;
}

describe('MessageStore', () => {
  it('attributes by metadata trigger_id', () => {
    const store = storeWithCommand();
    const events: LabEvent[] = [];
    store.subscribe((event) => events.push(event));
    const parent = store.post({
      channel: OPS,
      user: 'U0LABBOT1',
      text: 'job',
      metadata: { event_type: 'pxmysql_job', event_payload: { trigger_id: 'trig.1.a', state: 'queued' } },
      source: 'chat.postMessage',
    });
    store.post({ channel: OPS, user: 'U0LABBOT1', text: 'reply', threadTs: parent.ts, source: 'chat.postMessage' });
    store.update(OPS, parent.ts, { text: 'job done', source: 'chat.update' });
    store.post({ channel: OPS, user: 'U0LABBOT1', text: 'unrelated', source: 'chat.postMessage' });
    expect(events.map((event) => [event.kind, event.commandId])).toEqual([
      ['message', 'cmd1'],
      ['message', 'cmd1'],
      ['update', 'cmd1'],
      ['message', undefined],
    ]);
  });

  it('keeps event snapshots', () => {
    const store = storeWithCommand();
    const parent = store.post({ channel: OPS, user: 'U0LABBOT1', text: 'v1', source: 'chat.postMessage' });
    store.update(OPS, parent.ts, { text: 'v2', source: 'chat.update' });
    const texts = store.eventsAfter(0).map((event) => event.message?.text);
    expect(texts).toEqual(['v1', 'v2']);
    expect(store.find(OPS, parent.ts)?.edited).toBeDefined();
  });

  it('attributes ephemerals to the newest command', () => {
    const store = storeWithCommand();
    store.postEphemeral({ channel: OPS, visibleTo: 'U0LABONC1', user: 'U0LABBOT1', text: 'for oncall', source: 'chat.postEphemeral' });
    store.postEphemeral({ channel: OPS, visibleTo: 'U0LABVWR1', user: 'U0LABBOT1', text: 'for viewer', source: 'chat.postEphemeral' });
    expect(store.eventsAfter(0).map((event) => event.commandId)).toEqual(['cmd1', undefined]);
  });

  it('replays events after a sequence number', () => {
    const store = storeWithCommand();
    store.post({ channel: OPS, user: 'U0LABBOT1', text: 'a', source: 'chat.postMessage' });
    const after = store.lastSeq();
    store.post({ channel: OPS, user: 'U0LABBOT1', text: 'b', source: 'chat.postMessage' });
    expect(store.eventsAfter(after).map((event) => event.message?.text)).toEqual(['b']);
  });

  it('deletes a message', () => {
    const store = storeWithCommand();
    const message = store.post({ channel: OPS, user: 'U0LABBOT1', text: 'gone soon', source: 'chat.postMessage' });
    expect(store.delete(OPS, message.ts, 'response_url')).toBe(true);
    expect(store.find(OPS, message.ts)).toBeUndefined();
    expect(store.delete(OPS, message.ts, 'response_url')).toBe(false);
  });
});
