import type { drillsEn } from './drills-en.js';

/** Simplified Chinese messages of the drills feature; the same keys and placeholders as English. */
export const drillsZhCn: Record<keyof typeof drillsEn, string> = {
  'usage.drill':
    '`/pxmysql drill [target]`：把最新的就绪快照恢复到临时 PVC 和 Deployment，对每张表执行 `CHECK TABLE`，并与快照记录的指纹比对数据；报告恢复点距今时长和恢复耗时，最后删除临时对象。不会改动目标本身。',
  'drill.snapshot.picked': '开始恢复演练：快照 {snapshot}（{api}），创建于 {age} 之前，恢复到临时 Deployment {deployment}。',
  'drill.report.passed': ':white_check_mark: {target} 的恢复演练通过：快照 {snapshot} 可以恢复，数据完好。',
  'drill.report.failed': ':x: {target} 的恢复演练失败：从快照 {snapshot} 恢复出的数据有问题。',
  'drill.report.recoveryPoint': '恢复点距今：{age}（快照 {snapshot}）。',
  'drill.report.timeToRestore': '恢复耗时：{duration}，从开始克隆到临时 pod 中的 MySQL 接受连接。',
  'drill.report.tablesChecked': '`CHECK TABLE` 通过 {passed}/{count} 张表。',
  'drill.report.checkFailed': '`CHECK TABLE` 有 {count} 张表未通过：{tables}',
  'drill.report.fingerprintMatch': '指纹：全部 {count} 张表与快照记录的指纹一致。',
  'drill.report.fingerprintDiffers': '指纹：{count} 张表与快照记录的指纹不一致：{tables}。{matching} 张表一致。',
  'drill.report.noFingerprint': ':warning: 指纹：快照没有记录指纹，未比对数据。',
  'drill.teardown.done': '已删除演练的临时对象：{objects}。命名空间 {namespace} 中已没有演练对象。',
  'drill.compensation.done': '演练失败，已删除其临时对象：{objects}。命名空间 {namespace} 中已没有演练对象。',
  'drill.compensation.failed':
    ':warning: 删除失败演练的临时对象时出错：{reason}。仍然存在：{objects}。请手动删除带有标签 {selector} 的对象及其 PVC。',
  'drill.failed.noSnapshot':
    '目标 `{target}` 的 PVC `{pvc}` 没有就绪的快照（找到 {count} 个快照，均未就绪），无法恢复。请先用 `/pxmysql snapshot {target}` 创建快照。',
  'drill.failed.dataCheck':
    '`{target}` 的恢复演练发现问题：`CHECK TABLE` 有 {failedChecks} 张表未通过，{differing} 张表与快照指纹不一致。具体表名见上方报告。',
  'drill.failed.teardownTimeout': '删除 {seconds} 秒后演练对象仍然存在：{objects}。请检查带有标签 `{selector}` 的对象。',
};
