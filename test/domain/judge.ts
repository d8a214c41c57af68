// Helpers that reduce a Check Portability result to what the rule tables assert.
import { expect } from 'vitest';
import { checkPortability } from '../../src/domain/check.js';
import type { Snapshot } from '../../src/domain/snapshot.js';
import type {
  PortabilityResult,
  PortabilityResultV2,
  PortableGroup,
  Reason,
} from '../../src/domain/types.js';
import type { GroupKey } from './world.js';

/** A nonportable reason, or the portable group's key fields. */
export type Outcome = Reason | GroupKey;

/** The fields docs/spec/api.md requires of a group (a group may carry more: those are ignored here). */
export function groupKey(g: PortableGroup): GroupKey {
  return {
    current_service_provider_name: g.current_service_provider_name,
    current_service_provider_id: g.current_service_provider_id,
    gaining_service_provider_name: g.gaining_service_provider_name,
    gaining_service_provider_id: g.gaining_service_provider_id,
    number_type_associated: g.number_type_associated,
    lata: g.lata,
  };
}

/** Only the fields the spec makes exact: group keys and numbers, reasons without their free text. */
export function exactPart(r: PortabilityResult): unknown {
  return {
    portable: {
      numbers: r.portable.numbers,
      groups: r.portable.groups.map((g) => ({ ...groupKey(g), numbers: g.numbers })),
    },
    nonportable: {
      numbers: r.nonportable.numbers,
      details: r.nonportable.details.map(({ number, reason }) => ({ number, reason })),
    },
  };
}

/** exactPart for the v2 shape: everything but the free `detail` text. */
export function exactPartV2(r: PortabilityResultV2): unknown {
  return {
    ...r,
    groups: r.groups.map((g) => ({ ...groupKey(g), numbers: g.numbers })),
    details: r.details.map(({ number, reason }) => ({ number, reason })),
  };
}

/** Checks one number alone and returns how it is shown and what was decided. */
export function judgeOne(snapshot: Snapshot, raw: string): { shown: string; outcome: Outcome } {
  const r = checkPortability(snapshot, [raw]);
  expect(r.portable.numbers.length + r.nonportable.numbers.length).toBe(1);
  if (r.nonportable.numbers.length === 1) {
    expect(r.portable.groups).toEqual([]);
    expect(r.nonportable.details).toHaveLength(1);
    const d = r.nonportable.details[0];
    expect(d.number).toBe(r.nonportable.numbers[0]);
    expect(typeof d.detail).toBe('string');
    expect(d.detail.length).toBeGreaterThan(0);
    return { shown: r.nonportable.numbers[0], outcome: d.reason };
  }
  expect(r.portable.groups).toHaveLength(1);
  expect(r.portable.groups[0].numbers).toEqual(r.portable.numbers);
  return { shown: r.portable.numbers[0], outcome: groupKey(r.portable.groups[0]) };
}
