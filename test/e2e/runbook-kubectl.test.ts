import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabCluster, type LabCluster } from '../../src/lab/cluster/start-lab-cluster.js';
import { writeLabKubeconfig } from '../../src/lab/kubeconfig.js';
import { captureLogger } from '../support/capture-logger.js';
import { Kubectl } from '../support/kubectl.js';
import { uniquePodSubnet } from '../support/pod-subnet.js';

const STORAGE_CLASS = `
kind: StorageClass
apiVersion: storage.k8s.io/v1
metadata:
  name: px-ha-sc
provisioner: kubernetes.io/portworx-volume
allowVolumeExpansion: true
parameters:
  repl: "3"
  io_profile: "db"
  io_priority: "high"
  fs: "xfs"
`;

const PVC = `
kind: PersistentVolumeClaim
apiVersion: v1
metadata:
  name: px-mysql-pvc
  annotations:
    volume.beta.kubernetes.io/storage-class: px-ha-sc
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
`;

const DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: mysql
spec:
  selector:
    matchLabels:
      app: mysql
  strategy:
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 1
    type: RollingUpdate
  replicas: 1
  template:
    metadata:
      labels:
        app: mysql
    spec:
      schedulerName: stork
      containers:
      - name: mysql
        image: mysql:5.6
        imagePullPolicy: "Always"
        env:
        - name: MYSQL_ROOT_PASSWORD
          value: password
        ports:
        - containerPort: 3306
        volumeMounts:
        - mountPath: /var/lib/mysql
          name: mysql-data
      volumes:
      - name: mysql-data
        persistentVolumeClaim:
          claimName: px-mysql-pvc
`;

const SAMPLE_SQL = `
CREATE DATABASE \`classicmodels\`;
USE \`classicmodels\`;
CREATE TABLE \`offices\` (
  \`officeCode\` varchar(10) NOT NULL,
  \`city\` varchar(50) NOT NULL,
  \`phone\` varchar(50) NOT NULL,
  \`addressLine1\` varchar(50) NOT NULL,
  \`addressLine2\` varchar(50) DEFAULT NULL,
  \`state\` varchar(50) DEFAULT NULL,
  \`country\` varchar(50) NOT NULL,
  \`postalCode\` varchar(15) NOT NULL,
  \`territory\` varchar(10) NOT NULL,
  PRIMARY KEY (\`officeCode\`)
) ENGINE=InnoDB DEFAULT CHARSET=latin1;
insert into \`offices\`(\`officeCode\`,\`city\`,\`phone\`,\`addressLine1\`,\`addressLine2\`,\`state\`,\`country\`,\`postalCode\`,\`territory\`) values
('1','San Francisco','+1 650 219 4782','100 Market Street','Suite 300','CA','USA','94080','NA'),
('2','Boston','+1 215 837 0825','1550 Court Place','Suite 102','MA','USA','02107','NA'),
('3','NYC','+1 212 555 3000','523 East 53rd Street','apt. 5A','NY','USA','10022','NA'),
('4','Paris','+33 14 723 4404','43 Rue Jouffroy D\\'abbans',NULL,NULL,'France','75017','EMEA'),
('5','Tokyo','+81 33 224 5000','4-1 Kioicho',NULL,'Chiyoda-Ku','Japan','102-8578','Japan'),
('6','Sydney','+61 2 9264 2451','5-11 Wentworth Avenue','Floor #2',NULL,'Australia','NSW 2010','APAC'),
('7','London','+44 20 7877 2041','25 Old Broad Street','Level 7',NULL,'UK','EC2N 1HN','EMEA');
`;

const USA_QUERY = 'USE `classicmodels`; select `officeCode`, `city`, `phone` from `offices` where `country` = "USA";';

const STORK_SNAPSHOT = `
apiVersion: volumesnapshot.external-storage.k8s.io/v1
kind: VolumeSnapshot
metadata:
  name: px-mysql-snapshot
  namespace: default
spec:
  persistentVolumeClaimName: px-mysql-pvc
`;

const RESTORE_PVC = `
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: px-mysql-snap-clone
  annotations:
    snapshot.alpha.kubernetes.io/snapshot: px-mysql-snapshot
spec:
  accessModes:
     - ReadWriteOnce
  storageClassName: stork-snapshot-sc
  resources:
    requests:
      storage: 2Gi
`;

const RESTORE_DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: mysql-snap
spec:
  selector:
    matchLabels:
      app: mysql-snap
  strategy:
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 1
    type: RollingUpdate
  replicas: 1
  template:
    metadata:
      labels:
        app: mysql-snap
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - key: px/running
                operator: NotIn
                values:
                - "false"
              - key: px/enabled
                operator: NotIn
                values:
                - "false"
      containers:
      - name: mysql
        image: mysql:5.6
        imagePullPolicy: "Always"
        env:
        - name: MYSQL_ROOT_PASSWORD
          value: password
        ports:
        - containerPort: 3306
        volumeMounts:
        - mountPath: /var/lib/mysql
          name: mysql-data
      volumes:
      - name: mysql-data
        persistentVolumeClaim:
          claimName: px-mysql-snap-clone
`;

/** Parses `kubectl get pods -o wide` rows into name, ready, status and node. */
function podRows(stdout: string): Array<{ name: string; ready: string; status: string; node: string }> {
  return stdout
    .trim()
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const cells = line.trim().split(/\s+/);
      return { name: cells[0] ?? '', ready: cells[1] ?? '', status: cells[2] ?? '', node: cells[6] ?? '' };
    });
}

function runningPod(stdout: string): { name: string; node: string } | undefined {
  return podRows(stdout).find((row) => row.ready === '1/1' && row.status === 'Running');
}

describe('the runbook with the real kubectl', () => {
  let directory: string;
  let cluster: LabCluster;
  let kubectl: Kubectl;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'pxmysql-runbook-'));
    const { logger } = captureLogger('info');
    cluster = await startLabCluster({
      logger,
      directory,
      workload: false,
      podSubnet: uniquePodSubnet(),
      timing: { nodeMonitorGracePeriodMs: 500, podEvictionTimeoutMs: 1_000, resyncMs: 200 },
    });
    const kubeconfig = join(directory, 'kubeconfig');
    await writeLabKubeconfig(kubeconfig, cluster.url);
    kubectl = await Kubectl.create(kubeconfig);
  });

  afterAll(async () => {
    await kubectl?.close();
    await cluster?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('deploys MySQL, fails over, grows, snapshots and restores', { timeout: 240_000 }, async () => {
    const nodes = await kubectl.ok(['get', 'nodes']);
    expect(nodes.match(/ Ready /g)?.length).toBe(3);
    const portworxPods = await kubectl.ok(['get', 'pods', '-n=kube-system', '-l', 'name=portworx']);
    expect(podRows(portworxPods).filter((row) => row.status === 'Running')).toHaveLength(3);

    expect(await kubectl.ok(['create', '-f', '-'], { stdin: STORAGE_CLASS })).toContain('storageclass.storage.k8s.io/px-ha-sc created');
    const classes = await kubectl.ok(['get', 'sc']);
    expect(classes).toContain('px-ha-sc');
    expect(classes).toContain('stork-snapshot-sc');

    await kubectl.ok(['create', '-f', '-'], { stdin: PVC });
    const pvc = await kubectl.waitFor(['get', 'pvc', 'px-mysql-pvc'], (out) => out.includes('Bound'), 'the PVC to be Bound');
    expect(pvc).toMatch(/px-mysql-pvc\s+Bound\s+pvc-\S+\s+1Gi\s+RWO\s+px-ha-sc/);

    expect(await kubectl.ok(['create', '-f', '-'], { stdin: DEPLOYMENT })).toContain('deployment.apps/mysql created');
    const first = runningPod(await kubectl.waitFor(['get', 'pods', '-l', 'app=mysql', '-o', 'wide'], (out) => runningPod(out) !== undefined, 'the MySQL pod to run', 120_000));
    expect(first).toBeDefined();

    const volume = (await kubectl.ok(['get', 'pvc', 'px-mysql-pvc', '-o', 'jsonpath={.spec.volumeName}'])).trim();
    const pxPod = (await kubectl.ok(['get', 'pods', '-l', 'name=portworx', '-n', 'kube-system', '-o', 'jsonpath={.items[0].metadata.name}'])).trim();
    const inspect = await kubectl.ok(['exec', pxPod, '-n', 'kube-system', '--', '/opt/pwx/bin/pxctl', 'volume', 'inspect', volume]);
    expect(inspect).toMatch(/HA\s+\t :  3/);
    expect(inspect).toContain(`Attached: ${first!.node}`);
    expect(inspect).toContain('Replication Status\t :  Up');

    await kubectl.ok(['exec', '-i', first!.name, '--', 'mysql', '-uroot', '-ppassword'], { stdin: SAMPLE_SQL });
    const before = await kubectl.ok(['exec', '-i', first!.name, '--', 'mysql', '-uroot', '-ppassword', '-e', USA_QUERY]);
    const used = await kubectl.ok(['exec', pxPod, '-n', 'kube-system', '--', '/opt/pwx/bin/pxctl', 'volume', 'inspect', volume]);
    expect(used).toMatch(/Bytes used\s+\t :  \d+(\.\d)? MiB/);
    expect(used).not.toMatch(/Writes\s+\t :  0\n/);
    expect(before).toContain('San Francisco');
    expect(before).toContain('NYC');

    expect(await kubectl.ok(['cordon', first!.node])).toContain('cordoned');
    expect(await kubectl.ok(['get', 'nodes'])).toContain('Ready,SchedulingDisabled');
    await kubectl.ok(['delete', 'pod', first!.name], { timeoutMs: 90_000 });
    const second = runningPod(
      await kubectl.waitFor(
        ['get', 'pods', '-l', 'app=mysql', '-o', 'wide'],
        (out) => { const pod = runningPod(out); return pod !== undefined && pod.name !== first!.name; },
        'the replacement MySQL pod to run',
        120_000,
      ),
    );
    expect(second!.node).not.toBe(first!.node);
    const replicas = await kubectl.ok(['exec', pxPod, '-n', 'kube-system', '--', '/opt/pwx/bin/pxctl', 'volume', 'inspect', volume]);
    expect(replicas).toContain(`Attached: ${second!.node}`);
    expect(await kubectl.ok(['uncordon', first!.node])).toContain('uncordoned');

    const after = await kubectl.ok(['exec', '-i', second!.name, '--', 'mysql', '-uroot', '-ppassword', '-e', USA_QUERY]);
    expect(after).toBe(before);

    const list = await kubectl.ok(['exec', pxPod, '-n', 'kube-system', '--', '/opt/pwx/bin/pxctl', 'volume', 'list', '--label', 'pvc=px-mysql-pvc']);
    const volumeId = list.trim().split('\n')[1]?.trim().split(/\s+/)[0] ?? '';
    expect(volumeId).toMatch(/^\d+$/);
    expect(await kubectl.ok(['exec', pxPod, '-n', 'kube-system', '--', '/opt/pwx/bin/pxctl', 'volume', 'update', volumeId, '--size=2'])).toContain(
      `Volume update successful for volume ${volumeId}`,
    );
    const grown = await kubectl.ok(['exec', pxPod, '-n', 'kube-system', '--', '/opt/pwx/bin/pxctl', 'v', 'i', volumeId]);
    expect(grown).toContain('Size            \t :  2.0 GiB');

    expect(await kubectl.ok(['create', '-f', '-'], { stdin: STORK_SNAPSHOT })).toContain('px-mysql-snapshot created');
    await kubectl.waitFor(['get', 'volumesnapshotdatas'], (out) => out.includes('k8s-volume-snapshot-'), 'the VolumeSnapshotData');
    await kubectl.waitFor(
      ['get', 'volumesnapshots.volumesnapshot.external-storage.k8s.io', 'px-mysql-snapshot', '-o', 'jsonpath={.status.conditions[0].status}'],
      (out) => out.trim() === 'True',
      'the STORK snapshot to be ready',
    );

    await kubectl.ok(['exec', '-i', second!.name, '--', 'mysql', '-uroot', '-ppassword', '-e', 'drop database classicmodels;']);
    const dropped = await kubectl.run(['exec', '-i', second!.name, '--', 'mysql', '-uroot', '-ppassword', '-e', USA_QUERY]);
    expect(dropped.code).not.toBe(0);
    expect(dropped.stderr).toContain("Unknown database 'classicmodels'");

    await kubectl.ok(['create', '-f', '-'], { stdin: RESTORE_PVC });
    await kubectl.waitFor(['get', 'pvc', 'px-mysql-snap-clone'], (out) => out.includes('Bound'), 'the restored PVC to be Bound');
    await kubectl.ok(['create', '-f', '-'], { stdin: RESTORE_DEPLOYMENT });
    const restored = runningPod(
      await kubectl.waitFor(['get', 'pods', '-l', 'app=mysql-snap', '-o', 'wide'], (out) => runningPod(out) !== undefined, 'the restored MySQL pod to run', 120_000),
    );
    const restoredRows = await kubectl.ok(['exec', '-i', restored!.name, '--', 'mysql', '-uroot', '-ppassword', '-e', USA_QUERY]);
    expect(restoredRows).toBe(before);
  });
});
