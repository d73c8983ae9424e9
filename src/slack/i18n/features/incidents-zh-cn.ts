import type { incidentsEn } from './incidents-en.js';

/** Simplified Chinese messages of the incidents feature; the same keys and placeholders as English. */
export const incidentsZhCn: Record<keyof typeof incidentsEn, string> = {
  'usage.incident':
    '`/pxmysql incident [target] [title]`：为该目标创建故障频道，邀请值班人员，并在频道中发布标题、`pxctl status`、`pxctl volume inspect` 和 pod 的近期事件。',
  'incident.defaultTitle': '手动创建的故障',
  'incident.topic': '{target} 的 {operation}：{title}',
  'incident.trigger.command': '通过 /pxmysql incident 创建',
  'incident.trigger.job-failed': '任务失败',
  'incident.trigger.health-alert': '健康告警无人响应',
  'incident.summary.title': ':rotating_light: *`{target}` 故障：*{title}',
  'incident.summary.operation': '*操作*\n`{operation}`',
  'incident.summary.trigger': '*原因*\n{trigger}',
  'incident.summary.job': '*失败的任务*\n`{jobId}`',
  'incident.summary.requestedBy': '*创建人*\n{user}',
  'incident.summary.source': '*来源线程*\n{link}',
  'incident.summary.sourceLabel': '打开线程',
  'incident.summary.sourceUnavailable': '无法获取链接：{error}',
  'incident.summary.invited': '已邀请：{users}',
  'incident.summary.nobodyInvited': '未邀请任何人：`{target}` 没有配置值班人员。请在 targets 文件中设置 `onCall`。',
  'incident.summary.notInvited': '未能邀请：{failures}',
  'incident.summary.unreadGroup': '无法读取用户组 {group} 的成员：{error}',
  'incident.summary.topicFailed': '无法设置频道主题：{error}',
  'incident.context.pxctlStatus': '`pxctl status`',
  'incident.context.volumeInspect': 'PVC `{pvc}` 对应卷的 `pxctl volume inspect`',
  'incident.context.podEvents': '`{deployment}` pod 的近期事件',
  'incident.context.failed': '无法读取{what}：{error}',
  'incident.opened': ':rotating_light: 已创建故障频道 {channel}（`{name}`）。已邀请：{users}。',
  'incident.openedNobodyInvited': ':rotating_light: 已创建故障频道 {channel}（`{name}`）。未邀请任何人，因为没有配置值班人员：请在 targets 文件中设置 `onCall`。',
  'incident.openFailed': '创建故障频道失败：{reason}',
};
