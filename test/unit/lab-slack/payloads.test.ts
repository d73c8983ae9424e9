import { describe, expect, it } from 'vitest';
import { blockActionsPayload, findButton, slashCommandPayload } from '../../../src/lab/slack/payloads.js';
import type { LabMessage } from '../../../src/lab/slack/message-types.js';
import { createLabWorkspace, findChannel, findUser, LAB_ROLES, labRoleAssignments } from '../../../src/lab/slack/workspace.js';

const workspace = createLabWorkspace();
const oncall = findUser(workspace, '@oncall');
const ops = findChannel(workspace, '#ops');

const approvalMessage: LabMessage = {
  type: 'message',
  ts: '1700000000.000100',
  channel: 'C0LABOPS1',
  team: 'T0LAB0001',
  user: 'U0LABBOT1',
  text: 'approve?',
  blocks: [
    {
      type: 'actions',
      block_id: 'approval',
      elements: [{ type: 'button', action_id: 'approve', text: { type: 'plain_text', text: 'Approve' }, value: 'apr-1' }],
    },
  ],
};

describe('lab workspace', () => {
  it('has the four roles', () => {
    expect(LAB_ROLES).toEqual(['viewer', 'operator', 'approver', 'admin']);
    expect(labRoleAssignments(workspace)).toEqual({ U0LABONC1: 'operator', U0LABAPR1: 'approver', U0LABADM1: 'admin', U0LABVWR1: 'viewer' });
  });

  it('gives approver the zh-CN locale', () => {
    expect(findUser(workspace, 'approver')?.locale).toBe('zh-CN');
    expect(findUser(workspace, 'U0LABONC1')?.locale).toBe('en-US');
  });
});

describe('slashCommandPayload', () => {
  it('has the fields Slack sends', () => {
    if (!oncall || !ops) throw new Error('lab workspace is missing oncall or #ops');
    const payload = slashCommandPayload({ workspace, user: oncall, channel: ops, text: 'status', responseUrl: 'http://127.0.0.1:1/lab/response/x', triggerId: '1.2.abc' });
    expect(Object.keys(payload).sort()).toEqual(
      ['api_app_id', 'channel_id', 'channel_name', 'command', 'is_enterprise_install', 'response_url', 'team_domain', 'team_id', 'text', 'token', 'trigger_id', 'user_id', 'user_name'].sort(),
    );
    expect(payload).toMatchObject({ command: '/pxmysql', user_id: 'U0LABONC1', user_name: 'oncall', channel_name: 'ops', team_domain: 'pxmysql-lab' });
  });
});

describe('findButton', () => {
  it('matches action_id or text', () => {
    expect(findButton(approvalMessage, 'approve')?.value).toBe('apr-1');
    expect(findButton(approvalMessage, 'APPROVE ')?.actionId).toBe('approve');
    expect(findButton(approvalMessage, 'reject')).toBeUndefined();
  });
});

describe('blockActionsPayload', () => {
  it('has container and actions', () => {
    if (!oncall || !ops) throw new Error('lab workspace is missing oncall or #ops');
    const button = findButton(approvalMessage, 'approve');
    if (!button) throw new Error('button not found');
    const payload = blockActionsPayload({ workspace, user: oncall, channel: ops, message: approvalMessage, isEphemeral: false, button, responseUrl: 'u', triggerId: 't', actionTs: '1700000001.000000' });
    expect(payload['type']).toBe('block_actions');
    expect(payload['container']).toEqual({ type: 'message', message_ts: '1700000000.000100', channel_id: 'C0LABOPS1', is_ephemeral: false });
    expect(payload['actions']).toEqual([
      { action_id: 'approve', block_id: 'approval', text: { type: 'plain_text', text: 'Approve', emoji: true }, value: 'apr-1', type: 'button', action_ts: '1700000001.000000' },
    ]);
    expect(payload['user']).toEqual({ id: 'U0LABONC1', username: 'oncall', name: 'oncall', team_id: 'T0LAB0001' });
    expect(payload['message']).toBe(approvalMessage);
  });
});
