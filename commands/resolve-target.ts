import type { AppConfig } from '../src/config/app-config.js';
import type { TargetConfig } from '../src/config/targets-schema.js';
import { UserInputError } from '../src/errors.js';

/** Returns the named target, or the default one when no name was given. */
export function resolveTarget(config: AppConfig, name: string | undefined): TargetConfig {
  const known = Object.keys(config.targets).sort().join(', ');
  const chosen = name ?? config.defaultTarget;
  if (chosen === undefined) {
    throw new UserInputError('no_default_target', 'no target given and no default target configured', 'error.noDefaultTarget', { targets: known });
  }
  const target = config.targets[chosen];
  if (target === undefined) {
    throw new UserInputError('unknown_target', `unknown target: ${chosen}`, 'error.unknownTarget', { target: chosen, targets: known });
  }
  return target;
}
