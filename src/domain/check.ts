// PLACEHOLDER: signature only, the implementation lands with the domain core.
import type { Snapshot } from './snapshot.js';
import type { PortabilityResult } from './types.js';

/** Judges and groups `numbers` against `snapshot` exactly as rules.md says. */
export function checkPortability(_snapshot: Snapshot, _numbers: readonly string[]): PortabilityResult {
  return { portable: { numbers: [], groups: [] }, nonportable: { numbers: [], details: [] } };
}
