/**
 * Down or up state of each lab node. `pxmysql lab node down NODE` sets one down: its kubelet stops (the
 * processes of its pods are killed), its Portworx node goes offline, and the node controller marks
 * it NotReady after the grace period. Listeners react to each change.
 */
export class LabNodeStates {
  private readonly down = new Set<string>();
  private readonly listeners = new Set<(node: string, down: boolean) => void>();

  isDown(node: string): boolean {
    return this.down.has(node);
  }

  downNodes(): string[] {
    return [...this.down];
  }

  setDown(node: string, down: boolean): void {
    if (this.down.has(node) === down) return;
    if (down) this.down.add(node);
    else this.down.delete(node);
    for (const listener of this.listeners) listener(node, down);
  }

  onChange(listener: (node: string, down: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
