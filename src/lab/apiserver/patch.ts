import { unsupportedMediaType } from './api-error.js';
import { applyJsonPatch } from './json-patch.js';
import { applyMergePatch } from './merge-patch.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';
import type { ResourceType } from './resources.js';

export const PATCH_MEDIA_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
} as const;

/**
 * Applies a PATCH body of the given media type to `current`. Any other media type, and strategic
 * merge patch on a custom resource type, raises 415 Unsupported Media Type as the apiserver does.
 */
export function applyPatch(type: ResourceType, contentType: string, current: unknown, patch: unknown): unknown {
  const accepted = type.strategicMergePatch
    ? [PATCH_MEDIA_TYPES.json, PATCH_MEDIA_TYPES.merge, PATCH_MEDIA_TYPES.strategic]
    : [PATCH_MEDIA_TYPES.json, PATCH_MEDIA_TYPES.merge];
  switch (contentType) {
    case PATCH_MEDIA_TYPES.json:
      return applyJsonPatch(current, patch);
    case PATCH_MEDIA_TYPES.merge:
      return applyMergePatch(current, patch);
    case PATCH_MEDIA_TYPES.strategic:
      if (!type.strategicMergePatch) throw unsupportedMediaType(contentType, accepted);
      return applyStrategicMergePatch(current, patch);
    default:
      throw unsupportedMediaType(contentType, accepted);
  }
}
