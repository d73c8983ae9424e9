import type { LabRuntime } from '../runtime/lab-runtime.js';
import { startCsiSnapshotter } from './csi-snapshotter.js';
import { startProvisioner } from './provisioner.js';
import { startStorkSnapshotter } from './stork-snapshotter.js';
import { combineControllers } from './store-controller.js';
import { startVolumeExpander } from './volume-expander.js';

/** Upper bound of idle() passes, so that controllers that keep writing cannot hang a caller. */
const MAX_IDLE_PASSES = 50;

export interface LabStorage {
  stop(): Promise<void>;
  /**
   * Resolves when every storage controller is idle and none of them wrote to the store during
   * the last pass (one controller's write can trigger another).
   */
  idle(): Promise<void>;
}

/** Starts the lab's Portworx storage: provisioning and reclaim, expansion, CSI and STORK snapshots and restores. */
export function startStorage(runtime: LabRuntime): LabStorage {
  const controllers = combineControllers([startProvisioner(runtime), startVolumeExpander(runtime), startCsiSnapshotter(runtime), startStorkSnapshotter(runtime)]);
  return {
    stop: () => controllers.stop(),
    async idle() {
      for (let pass = 0; pass < MAX_IDLE_PASSES; pass += 1) {
        const before = runtime.store.resourceVersion;
        await controllers.idle();
        if (runtime.store.resourceVersion === before) return;
      }
      runtime.logger.warn({ passes: MAX_IDLE_PASSES }, 'storage controllers still writing after the maximum number of idle passes');
    },
  };
}
