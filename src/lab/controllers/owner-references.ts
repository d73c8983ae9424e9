import type { KubeObject } from '../apiserver/kube-object.js';

/** Returns the owner reference marked `controller: true`, or undefined. */
export function controllerRefOf(object: KubeObject): KubeObject | undefined {
  const references: KubeObject[] = object.metadata?.ownerReferences ?? [];
  return references.find((reference) => reference.controller === true);
}

export function isControlledBy(object: KubeObject, owner: KubeObject): boolean {
  return controllerRefOf(object)?.uid === owner.metadata?.uid;
}

/** Builds the controller owner reference that a Deployment or ReplicaSet puts on what it creates. */
export function controllerReference(apiVersion: string, kind: string, owner: KubeObject): KubeObject {
  return { apiVersion, kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
}
