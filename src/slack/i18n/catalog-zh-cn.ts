import type { MessageKey } from './catalog-en.js';

/**
 * Simplified Chinese message catalog. It has exactly the keys and placeholders of the English
 * catalog; Kubernetes and Portworx names (pod, PVC, StorageClass, Deployment, pxctl) stay as the
 * field writes them.
 */
export const catalogZhCn: Record<MessageKey, string> = {
  'help.intro': '*/pxmysql* 用于运维 GKE + Portworx 上的高可用 MySQL 目标，每个任务的进度都会在消息线程里汇报。子命令：',
  'usage.help': '`/pxmysql help [subcommand]`：列出所有子命令，或查看某个子命令的用法。',
  'usage.status': '`/pxmysql status [target]`：查看目标的 Deployment、pod、节点、PVC 和 Portworx 卷。不指定 target 时使用默认目标。',

  'error.unknownSubcommand': '未知的子命令 `{subcommand}`。运行 `/pxmysql help` 查看所有子命令。',
  'error.unexpectedArgument': '多余的参数 `{argument}`：`{subcommand}` 不接受更多参数。',
  'error.invalidTarget': '目标名称 `{argument}` 不合法。目标名称只能包含小写字母、数字和 "-"，且必须以字母或数字开头和结尾。',
  'error.unclosedQuote': '命令里有未闭合的引号，请补全或删除。',
  'error.unknownTarget': '未知的目标 `{target}`。已配置的目标：{targets}。',
  'error.noDefaultTarget': '没有指定目标，也没有配置默认目标。请指定以下目标之一：{targets}。',
  'error.access.no_role': '你还没有 pxmysql 角色，此操作需要 `{required}` 角色。请联系 pxmysql 管理员开通权限。',
  'error.access.role_too_low': '此操作需要 `{required}` 角色，你当前的角色是 `{role}`。请联系 pxmysql 管理员开通权限。',
  'error.access.channel_not_allowed': '不能在当前频道操作目标 {target}。请到该目标配置的频道操作，或联系 pxmysql 管理员。',
  'error.queueUnavailable': '无法连接任务队列（Redis），本次没有启动任何任务。请稍后重试，或检查 bot 的 Redis。',
  'error.internal': 'pxmysql 发生内部错误（错误 ID：`{errorId}`）。请把这个 ID 提供给 bot 的运维人员，详细信息见日志。',

  'job.state.queued': '排队中',
  'job.state.running': '执行中',
  'job.state.succeeded': '成功',
  'job.state.failed': '失败',
  'job.failedBecause': ':x: 任务失败：{reason}',
  'job.parent': '{user} 发起的 `{operation}`（目标 `{target}`）：{state}',

  'status.title': '`{target}` 的状态',
  'status.deployment': 'Deployment',
  'status.readyReplicas': '就绪副本数',
  'status.pod': 'Pod',
  'status.podPhase': '阶段',
  'status.podReady': '就绪',
  'status.restarts': '重启次数',
  'status.node': '节点',
  'status.nodeReady': '节点 Ready',
  'status.cordoned': '已 cordon',
  'status.pvc': 'PVC',
  'status.size': '容量',
  'status.storageClass': 'StorageClass',
  'status.pvcPhase': '阶段',
  'status.volume': 'Portworx 卷',
  'status.haLevel': 'HA 级别',
  'status.replicaNodes': '副本所在节点',
  'status.attachedOn': '挂载节点',
  'status.replicationStatus': '复制状态',
  'status.inspectHeading': '`pxctl volume inspect` 输出',
  'status.noPod': '没有找到 Deployment `{deployment}` 的 pod。',
  'status.podNotScheduled': 'Pod `{pod}` 还没有调度到节点上。',
  'status.volumeNotBound': 'PVC `{pvc}` 还没有绑定卷。',
  'status.noPortworxPod': '没有找到运行中的 portworx pod，无法查看 Portworx 卷的详情。',

  'output.empty': '（无输出）',
  'common.yes': '是',
  'common.no': '否',
  'common.unknown': '未知',
};
