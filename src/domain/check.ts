// rules.md §1–§6: judges every number against a snapshot and groups the
// portable ones. One pass, integers only on the portable path: a number is
// parsed from char codes, its block and port record found by array index,
// and its group keyed by a single number built from small integers.
import { canonicalString, parseCanonical } from './canonical.js';
import { details } from './details.js';
import { NPA_CLASS, NpaClass, NXX_CLASS, NxxClass } from './npa-rules.js';
import { BlockFlag, type Snapshot, TOLLFREE_STATUS_BITS } from './snapshot.js';
import { TnSet } from './tn-set.js';
import {
  type NonportableDetail,
  type NumberType,
  type PortabilityResult,
  type PortableGroup,
  type Reason,
  TOLLFREE_STATUSES,
} from './types.js';

const TYPE_LONG_CODE = 0;
const TYPE_WIRELESS = 1;
const TYPE_TOLLFREE = 2;
const TYPE_NAMES: readonly NumberType[] = ['long-code', 'wireless', 'tollfree'];
/** LATA slot used in group keys for toll-free groups (LATAs are below 1000). */
const NO_LATA = 1023;

/** Status codes (indexes in TOLLFREE_STATUSES) by what §4 step 1 does with them. */
const STATUS_SPARE = TOLLFREE_STATUSES.indexOf('SPARE');
const STATUS_GOES_ON = new Set(
  ['WORKING', 'ASSIGNED', 'RESERVED'].map((s) => TOLLFREE_STATUSES.indexOf(s as never)),
);

/** Judges and groups `numbers` against `snapshot` exactly as rules.md says. */
export function checkPortability(snapshot: Snapshot, numbers: readonly string[]): PortabilityResult {
  const portableNumbers: string[] = [];
  const groups: PortableGroup[] = [];
  const groupByKey = new Map<number, PortableGroup>();
  const nonportableNumbers: string[] = [];
  const nonportableDetails: NonportableDetail[] = [];
  const seenTns = new TnSet(numbers.length);
  let seenRaw: Set<string> | undefined;

  const reject = (number: string, reason: Reason, detail: string): void => {
    nonportableNumbers.push(number);
    nonportableDetails.push({ number, reason, detail });
  };

  for (let i = 0; i < numbers.length; i++) {
    const raw = numbers[i];
    const tn = parseCanonical(raw);
    if (tn < 0) {
      seenRaw ??= new Set();
      if (seenRaw.has(raw)) continue;
      seenRaw.add(raw);
      reject(raw, 'invalid_number', details.invalid(raw));
      continue;
    }
    if (!seenTns.add(tn)) continue;
    const number = canonicalString(raw, tn);

    const exchange = Math.floor(tn / 10_000);
    const npa = Math.floor(exchange / 1000);
    const nxx = exchange - npa * 1000;
    const npaClass = NPA_CLASS[npa];
    const nxxClass = NXX_CLASS[nxx];
    if (npaClass === NpaClass.Invalid || nxxClass === NxxClass.Invalid) {
      reject(number, 'invalid_number', details.invalidCode(tn));
      continue;
    }
    if (npaClass === NpaClass.NonGeographic) {
      reject(number, 'special_use', details.nonGeographic(tn));
      continue;
    }

    let current: number;
    let gaining: number;
    let type: number;
    let lata: number;
    const line = tn - exchange * 10_000;
    if (npaClass === NpaClass.TollFree) {
      // §4
      const record = snapshot.tollfree.get(exchange, line);
      const status = record < 0 ? -1 : record & ((1 << TOLLFREE_STATUS_BITS) - 1);
      if (record < 0 || status === STATUS_SPARE) {
        reject(number, 'unassigned', details.unassignedTollfree(record < 0 ? null : 'SPARE'));
        continue;
      }
      if (!STATUS_GOES_ON.has(status)) {
        reject(number, 'not_in_service', details.notInService(TOLLFREE_STATUSES[status]));
        continue;
      }
      current = record >>> TOLLFREE_STATUS_BITS;
      type = TYPE_TOLLFREE;
      lata = NO_LATA;
      gaining = snapshot.tollfreeGaining;
      if (gaining < 0) {
        reject(number, 'no_coverage', details.noCoverage('tollfree', 'anywhere'));
        continue;
      }
    } else {
      // §3
      if (nxxClass === NxxClass.SpecialUse) {
        reject(number, 'special_use', details.specialUseExchange(tn));
        continue;
      }
      const block = snapshot.blockOf(exchange, line);
      if (block < 0) {
        reject(number, 'unassigned', details.unassignedBlock(tn));
        continue;
      }
      const flags = snapshot.blockFlags[block];
      if ((flags & BlockFlag.Portable) === 0) {
        reject(number, 'not_lnp_capable', details.notLnpCapable(tn));
        continue;
      }
      const ported = snapshot.ported.get(exchange, line);
      if (ported >= 0) {
        current = ported >>> 1;
        type = (ported & 1) === 1 ? TYPE_WIRELESS : TYPE_LONG_CODE;
      } else {
        current = snapshot.blockHolder[block];
        type = (flags & BlockFlag.Wireless) !== 0 ? TYPE_WIRELESS : TYPE_LONG_CODE;
      }
      lata = snapshot.blockLata[block];
      gaining =
        type === TYPE_WIRELESS ? snapshot.blockGainWireless[block] : snapshot.blockGainLongCode[block];
      if (gaining < 0) {
        const where = `in LATA ${lata} (${snapshot.blockRateCenter[block]}, ${snapshot.blockState[block]})`;
        reject(number, 'no_coverage', details.noCoverage(TYPE_NAMES[type], where));
        continue;
      }
    }

    const underlying = snapshot.underlying[current];
    if (underlying === snapshot.providerIndex[gaining]) {
      reject(
        number,
        'on_network',
        details.onNetwork(snapshot.providerNames[gaining], snapshot.ids[underlying]),
      );
      continue;
    }

    // Group key: underlying (any size) | gaining (14 bits) | type (2 bits) | LATA (10 bits); exact below 2^53.
    const key = ((underlying * 16384 + gaining) * 4 + type) * 1024 + lata;
    let group = groupByKey.get(key);
    if (group === undefined) {
      group = {
        current_service_provider_name: snapshot.names[underlying],
        current_service_provider_id: snapshot.ids[underlying],
        gaining_service_provider_name: snapshot.providerNames[gaining],
        gaining_service_provider_id: snapshot.ids[snapshot.providerIndex[gaining]],
        number_type_associated: TYPE_NAMES[type],
        lata: lata === NO_LATA ? null : lata,
        numbers: [],
      };
      groupByKey.set(key, group);
      groups.push(group);
    }
    group.numbers.push(number);
    portableNumbers.push(number);
  }

  return {
    portable: { numbers: portableNumbers, groups },
    nonportable: { numbers: nonportableNumbers, details: nonportableDetails },
  };
}
