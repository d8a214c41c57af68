// The `detail` sentence of each nonportable number (docs/spec/api.md: free text for
// people). Built only for nonportable numbers, so off the portable hot path.
import type { NumberType, TollfreeStatus } from './types.js';

function npaNxx(tn: number): string {
  const s = String(tn).padStart(10, '0');
  return `${s.slice(0, 3)}-${s.slice(3, 6)}`;
}

export const details = {
  invalid(raw: string): string {
    return `"${raw}" is not a North American number: send 10 digits, or 11 beginning with 1, optionally after one "+".`;
  },
  invalidCode(tn: number): string {
    return `${npaNxx(tn)} is not a valid NPA-NXX (codes beginning with 0 or 1, N11 codes and N9X expansion codes are never assigned).`;
  },
  nonGeographic(tn: number): string {
    return `Area code ${npaNxx(tn).slice(0, 3)} is a non-geographic service code; its numbers are not ported this way.`;
  },
  specialUseExchange(tn: number): string {
    return `Exchange ${npaNxx(tn).slice(4)} is a special-use exchange; its numbers are not ported this way.`;
  },
  unassignedBlock(tn: number): string {
    return `No carrier holds block ${npaNxx(tn)}.`;
  },
  notLnpCapable(tn: number): string {
    return `Block ${npaNxx(tn)}-${Math.floor((tn % 10_000) / 1000)} is not LNP-capable.`;
  },
  unassignedTollfree(status: TollfreeStatus | null): string {
    return status === 'SPARE'
      ? 'The toll-free number is spare: no RespOrg controls it.'
      : 'The toll-free number is not in the toll-free registry data.';
  },
  notInService(status: TollfreeStatus): string {
    return `The toll-free number's status is ${status}, which does not allow a RespOrg change.`;
  },
  noCoverage(type: NumberType, where: string): string {
    return `No gaining provider takes ${type} numbers ${where}.`;
  },
  onNetwork(name: string, id: string): string {
    return `The number is already with ${name} (${id}).`;
  },
} satisfies Record<string, (...args: never[]) => string>;
