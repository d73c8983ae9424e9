import type { operationsEn } from './operations-en.js';

/** Simplified Chinese messages of the operations overview; the same keys and placeholders as English. */
export const operationsZhCn: Record<keyof typeof operationsEn, string> = {
  'usage.jobs': '`/pxmysql jobs [target]`：列出目标正在运行和排队的任务，以及最近结束的任务，并附上各自的消息线程链接。',
  'usage.cancel': '`/pxmysql cancel JOB`：取消任务。排队中的任务会从队列移除；运行中的任务会在下一个步骤开始前停止，并撤销它已做的改动。',
  'usage.audit': '`/pxmysql audit [target] [n]`：查看目标最近 n 条审计记录（默认 10 条，最多 50 条）。',

  'operations.duration.seconds': '{seconds} 秒',

  'operations.jobs.title': '{target} 的任务（运行中和排队中的在前）：',
  'operations.jobs.empty': '{target} 没有运行中或最近的任务。',
  'operations.jobs.item': '• {state} {operation} {jobId}，发起人 {user}，{when}{link}',
  'operations.jobs.queuedAgo': '{age}前入队',
  'operations.jobs.startedAgo': '{age}前开始',
  'operations.jobs.endedAgo': '{age}前结束，耗时 {took}',
  'operations.jobs.state.waiting': ':hourglass: *排队中*',
  'operations.jobs.state.running': ':arrows_counterclockwise: *运行中*',
  'operations.jobs.state.succeeded': ':white_check_mark: *成功*',
  'operations.jobs.state.failed': ':x: *失败*',
  'operations.jobs.state.cancelled': ':no_entry_sign: *已取消*',

  'operations.cancel.missingJob': '请指定要取消的任务。`/pxmysql jobs` 会列出任务 ID。',
  'operations.cancel.invalidJob': '`{argument}` 不是任务 ID。`/pxmysql jobs` 会列出任务 ID。',
  'operations.cancel.notFound': '没有任务 {jobId}。`/pxmysql jobs` 会列出任务 ID；已结束的任务保留一周。',
  'operations.cancel.finished': '任务 {jobId} 已经结束：{state}。无需取消。',
  'operations.cancel.removed': '任务 {jobId}（{target} 上的 {operation}）尚未开始，已从队列移除。',
  'operations.cancel.requested': '任务 {jobId}（{target} 上的 {operation}）会在下一个步骤开始前停止，并撤销已做的改动。停止后会在它的消息线程里说明。',
  'operations.cancel.removedInThread': ':no_entry_sign: {user} 在任务开始前取消了它。',
  'operations.cancel.stopped': '任务在步骤 `{step}` 开始前被取消。',
  'operations.cancel.stoppedWaiting': '任务在步骤 `{step}` 等待期间被取消。',
  'operations.cancel.stoppedWaitingBy': ':no_entry_sign: {user} 取消了任务。任务在步骤 `{step}` 等待期间停止；如有需要，已做的改动会在下方撤销。',
  'operations.cancel.stoppedBy': ':no_entry_sign: {user} 取消了任务。任务在步骤 `{step}` 开始前停止；如有需要，已做的改动会在下方撤销。',

  'operations.audit.title': '{target} 最近 {count} 条审计记录（最新的在前）：',
  'operations.audit.empty': '审计日志里没有 {target} 的记录。',
  'operations.audit.item': '• {at} {type} {details}',
  'operations.audit.by': '操作人 {user}',
  'operations.audit.outcome': '结果：{outcome}',
  'operations.audit.job': '任务 {jobId}',
  'operations.audit.approval': '审批 {approvalId}',
  'operations.audit.reason': '原因：{reason}',
  'operations.audit.invalidCount': '记录条数必须在 1 到 {max} 之间，`{argument}` 不符合。',
};
