import type { schedulesEn } from './schedules-en.js';

/** Simplified Chinese messages of the schedules feature; the same keys and placeholders as English. */
export const schedulesZhCn: Record<keyof typeof schedulesEn, string> = {
  'usage.schedule':
    '`/pxmysql schedule snapshot [target] CRON [--tz ZONE] [--keep N]`：按 cron 表达式（5 个字段，或以秒开头的 6 个字段；可加引号，也可直接输入各字段）定时为目标创建快照，按 IANA 时区 ZONE 解释（默认 UTC），保留最新的 N 个定时快照（默认 7，最多 100）。`/pxmysql schedule drill [target] CRON [--tz ZONE]` 用同样方式定时执行恢复演练。每个目标每种类型只有一个定时任务，再次设置会替换原有的。每次运行在本频道发一条通知。',
  'usage.schedules': '`/pxmysql schedules [target]`：列出目标的定时任务：ID、cron 表达式和时区、保留的快照数、下次运行时间和通知频道。',
  'usage.unschedule': '`/pxmysql unschedule ID`：删除 `/pxmysql schedules` 列出的定时任务 ID（如 `snapshot-orders-db`）。已创建的快照会保留。',
  'schedule.invalidKind': '定时任务类型 `{kind}` 无效：请使用 {kinds} 之一。',
  'schedule.invalidId': '定时任务 ID `{id}` 无效：请使用 `/pxmysql schedules` 列出的 ID，如 `snapshot-orders-db`。',
  'schedule.invalidKeep': '`--keep {keep}` 无效：请使用 {min} 到 {max} 之间的整数。',
  'schedule.missingCron': '缺少 cron 表达式或格式无效：请给出 5 个字段（分 时 日 月 周），或以秒开头的 6 个字段，例如 `"0 */6 * * *"`。',
  'schedule.invalidCron': 'cron 表达式 `{cron}` 无效：{reason}。',
  'schedule.cronNeverRuns': 'cron 表达式 `{cron}` 以后不会再运行，请换一个有未来运行时间的表达式。',
  'schedule.intervalTooShort': 'cron 表达式 `{cron}` 的运行间隔为 {seconds} 秒，但定时任务的间隔至少为 {minimum} 秒。请设置更长的间隔。',
  'schedule.invalidTimezone': '时区 `{timezone}` 无效：请使用 IANA 时区名，如 `UTC` 或 `Asia/Shanghai`。',
  'schedule.created': '已在 {target} 上创建定时任务 {id}：cron {cron}，时区 {timezone}。下次运行：{next}。每次运行都会在本频道发通知。',
  'schedule.replaced': '已替换 {target} 上的定时任务 {id}：cron {cron}，时区 {timezone}。下次运行：{next}。每次运行都会在本频道发通知。',
  'schedule.keepLine': '保留最新的 {keep} 个定时快照，并始终保留最新的一个就绪快照。',
  'schedule.overridesTargetsFile': ':warning: 该定时任务在 targets 文件中声明，机器人下次启动时会恢复为文件中的设置。如需长期生效，请修改 targets 文件。',
  'schedule.notFound': '{target} 上没有定时任务 {id}。可用 `/pxmysql schedules` 查看。',
  'schedule.removed': '已删除定时任务 {id}。已创建的快照会保留。',
  'schedule.removedFromTargetsFileNote': ':warning: 该定时任务在 targets 文件中声明，机器人下次启动时会重新创建。如需彻底停止，请从 targets 文件中删除。',
  'schedule.list.empty': '{target} 上没有定时任务。',
  'schedule.list.title': '{target} 上的定时任务：',
  'schedule.list.item': '• {id}：cron {cron}，时区 {timezone}，保留 {keep} 个，下次运行 {next}，通知发到 {channel}（{source}）',
  'schedule.source.command': '通过命令创建',
  'schedule.source.targetsFile': '来自 targets 文件',
  'schedule.notice.running': ':hourglass_flowing_sand: {target} 的定时快照正在执行（定时任务 {schedule}）。',
  'schedule.notice.succeeded':
    ':white_check_mark: {target} 的定时快照 {name} 已就绪：大小 {size}，耗时 {seconds} 秒。定时任务 {schedule} 保留 {retained} 个快照；已删除：{deleted}。',
  'schedule.notice.failed': ':x: {target} 的定时快照失败（定时任务 {schedule}）。原因见消息串。',
  'schedule.notice.cancelled': '{target} 的定时快照已取消（定时任务 {schedule}）。',
  'schedule.notice.deletedNone': '无',
  'schedule.notice.deletedAfterFailure': '保留策略仍已执行，删除了：{deleted}。最新的就绪定时快照会保留。',
  'schedule.missedWindow':
    ':rotating_light: {target} 已连续 {runs} 次计划运行没有成功的定时快照（定时任务 {id}）。上次成功：{lastSuccess}。请查看上面的通知和 `/pxmysql status`。',
  'schedule.missedWindow.never': '自设置定时任务以来没有成功过',
} as const;
