/**
 * The facts about one Portworx volume that operations check (replication, attachment, size),
 * parsed from `pxctl volume inspect` output, JSON or text.
 */

export interface VolumeConsumerSummary {
  /** Pod name. */
  name: string;
  namespace: string;
  /** Kubernetes node the pod runs on. */
  runningOn: string;
}

export interface VolumeSummary {
  /** Numeric volume id as a decimal string; it exceeds 2^53. */
  id: string;
  name: string;
  /** Volume size in bytes; rounded to the printed precision when parsed from text ("1.0 GiB"). */
  sizeBytes: number;
  /** File system in lower case: "xfs", "ext4", "none". */
  format: string;
  haLevel: number;
  /** "LOW", "MEDIUM", "HIGH" (or "NONE"). */
  ioPriority: string;
  /** Volume status in lower case: "up", "down", "degraded", … */
  status: string;
  /**
   * Node the volume is attached on, as pxctl printed it: a node name or id in text output (the
   * part before the IP in parentheses), the node id in JSON. Undefined when detached.
   */
  attachedNode: string | undefined;
  /** Replica nodes as printed: data IPs in text output, node ids in JSON. */
  replicaNodes: string[];
  /** "Up", "Degraded", "Detached", "Resync", …; undefined when the output has no such line (JSON never has). */
  replicationStatus: string | undefined;
  consumers: VolumeConsumerSummary[];
  labels: Record<string, string>;
  /** Bytes used on disk; rounded to the printed precision when parsed from text. */
  bytesUsed?: number;
}
