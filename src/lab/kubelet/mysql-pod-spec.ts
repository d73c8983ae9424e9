import type { KubeObject } from '../apiserver/kube-object.js';

/** Mount path of the data directory in the official `mysql` and `mariadb` images. */
export const MYSQL_DATA_PATH = '/var/lib/mysql';
export const DEFAULT_MYSQL_PORT = 3306;

const MYSQL_IMAGE_NAMES = new Set(['mysql', 'mariadb']);

/**
 * True for an image of the official `mysql` or `mariadb` repository, with or without a tag, a
 * digest, a `library/` prefix or the Docker Hub registry (`mysql:5.6`, `docker.io/library/mariadb`).
 */
export function isMysqlImage(image: string): boolean {
  const withoutDigest = image.split('@')[0] ?? '';
  const lastSlash = withoutDigest.lastIndexOf('/');
  const repository = withoutDigest.slice(0, lastSlash + 1);
  const nameAndTag = withoutDigest.slice(lastSlash + 1);
  const name = nameAndTag.split(':')[0] ?? '';
  const officialRepository = ['', 'library/', 'docker.io/', 'docker.io/library/', 'index.docker.io/library/'].includes(repository);
  return officialRepository && MYSQL_IMAGE_NAMES.has(name);
}

/** Returns the first container of the pod that runs a MySQL or MariaDB image, or undefined. */
export function findMysqlContainer(pod: KubeObject): KubeObject | undefined {
  const containers: KubeObject[] = pod.spec?.containers ?? [];
  return containers.find((container) => isMysqlImage(String(container.image ?? '')));
}

/** True for a pod whose container the kubelet runs as a real mariadbd process. */
export function isMysqlPod(pod: KubeObject): boolean {
  return findMysqlContainer(pod) !== undefined;
}

/** Returns the container port for mariadbd: the one named `mysql`, else the first TCP port, else 3306. */
export function mysqlContainerPort(container: KubeObject): number {
  const ports: KubeObject[] = container.ports ?? [];
  const tcpPorts = ports.filter((port) => (port.protocol ?? 'TCP') === 'TCP');
  const chosen = tcpPorts.find((port) => port.name === 'mysql') ?? tcpPorts[0];
  const number = Number(chosen?.containerPort);
  return Number.isInteger(number) && number > 0 && number < 65_536 ? number : DEFAULT_MYSQL_PORT;
}

/** Raised when the data volume of a MySQL container cannot be used; the pod stays ContainerCreating. */
export class VolumeMountError extends Error {
  override name = 'VolumeMountError';
}

/**
 * Returns the pod volume mounted at /var/lib/mysql in the container and the name of its PVC.
 * Throws a VolumeMountError when no volume is mounted there or the volume is not a PVC, because
 * the lab keeps MySQL data only on Portworx volumes.
 */
export function dataVolumeClaim(pod: KubeObject, container: KubeObject): { volumeName: string; claimName: string } {
  const mounts: KubeObject[] = container.volumeMounts ?? [];
  const mount = mounts.find((candidate) => String(candidate.mountPath ?? '').replace(/\/+$/, '') === MYSQL_DATA_PATH);
  if (!mount) {
    throw new VolumeMountError(`container ${String(container.name)} mounts no volume at ${MYSQL_DATA_PATH}: mount a persistentVolumeClaim there`);
  }
  const volumes: KubeObject[] = pod.spec?.volumes ?? [];
  const volume = volumes.find((candidate) => candidate.name === mount.name);
  if (!volume) {
    throw new VolumeMountError(`volume "${String(mount.name)}" mounted at ${MYSQL_DATA_PATH} is not defined in spec.volumes`);
  }
  const claimName = volume.persistentVolumeClaim?.claimName;
  if (typeof claimName !== 'string' || claimName === '') {
    throw new VolumeMountError(
      `volume "${String(mount.name)}" mounted at ${MYSQL_DATA_PATH} is not a persistentVolumeClaim: the lab runs MySQL only on Portworx PVCs`,
    );
  }
  return { volumeName: String(mount.name), claimName };
}
