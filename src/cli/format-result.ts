import type { PortabilityResult, PortableGroup } from '../domain/types.js';
import { table } from './commands/keys.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function groupTitle(g: PortableGroup): string {
  const from = `${g.current_service_provider_name} (${g.current_service_provider_id})`;
  const to = `${g.gaining_service_provider_name} (${g.gaining_service_provider_id})`;
  const where = g.lata === null ? '' : `, LATA ${g.lata}`;
  return `${from} -> ${to}, ${g.number_type_associated}${where}`;
}

/**
 * The readable form of a result: a headline, one section per group (one port
 * order each: numbers from the same current carrier, to the same gaining
 * provider, of one type, in one LATA), then the nonportable numbers with why.
 */
export function formatResult(result: PortabilityResult): string {
  const { portable, nonportable } = result;
  const total = portable.numbers.length + nonportable.numbers.length;
  const out: string[] = [
    `${portable.numbers.length} of ${plural(total, 'number')} portable, in ${plural(portable.groups.length, 'group')} (one port order each).`,
  ];
  portable.groups.forEach((g, i) => {
    out.push('', `Group ${i + 1}: ${groupTitle(g)}: ${plural(g.numbers.length, 'number')}`);
    for (const n of g.numbers) out.push(`  ${n}`);
  });
  if (nonportable.details.length > 0) {
    out.push('', `Not portable: ${plural(nonportable.details.length, 'number')}`);
    const rows = nonportable.details.map((d) => [d.number, d.reason, d.detail]);
    for (const line of table(['NUMBER', 'REASON', 'DETAIL'], rows).split('\n')) out.push(`  ${line}`);
  }
  return `${out.join('\n')}\n`;
}
