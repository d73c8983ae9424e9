/** What `status` reports about one target, read from the Kubernetes API. */
export interface DeploymentSummary {
  name: string;
  replicas: number;
  readyReplicas: number;
  updatedReplicas: number;
}

export interface PodSummary {
  name: string;
  uid: string;
  phase: string;
  ready: boolean;
  restarts: number;
  nodeName: string | undefined;
  ip: string | undefined;
  terminating: boolean;
}

export interface NodeSummary {
  name: string;
  ready: boolean;
  cordoned: boolean;
}

export interface PvcSummary {
  name: string;
  phase: string;
  requested: string | undefined;
  capacity: string | undefined;
  storageClass: string | undefined;
  volumeName: string | undefined;
}

export interface MysqlStatus {
  namespace: string;
  deployment: DeploymentSummary;
  pods: PodSummary[];
  nodes: NodeSummary[];
  pvc: PvcSummary;
}
