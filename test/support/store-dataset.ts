// Writes test datasets into a real Store through its import sessions, the way
// `portcheck import` commits files, so store-backed tests need not spell rows out.
import type { StagedRow, Store } from '../../src/store/store.js';
import { type Dataset, seedDataset } from './dataset.js';

/**
 * Commits each part given, one import per dataset (carriers, blocks, ported,
 * tollfree, then coverage), skipping empty record lists. Lines are numbered
 * from 2 as in a file with a header; ported rows are upserts. Throws when a
 * session's validate() reports a problem, so a bad fixture cannot pass silently.
 */
export async function writeDataset(
  store: Store,
  parts: Partial<Dataset>,
  options: { replace?: boolean } = {},
): Promise<void> {
  const line = (i: number) => i + 2;
  const batches: StagedRow[][] = [
    (parts.carriers ?? []).map((record, i) => ({ dataset: 'carriers' as const, line: line(i), record })),
    (parts.blocks ?? []).map((record, i) => ({ dataset: 'blocks' as const, line: line(i), record })),
    (parts.ported ?? []).map((record, i) => ({
      dataset: 'ported' as const,
      line: line(i),
      record,
      action: 'upsert' as const,
    })),
    (parts.tollfree ?? []).map((record, i) => ({ dataset: 'tollfree' as const, line: line(i), record })),
  ];
  for (const rows of batches) {
    if (rows.length === 0) continue;
    const session = await store.beginImport(rows[0].dataset, { replace: options.replace ?? false });
    await session.write(rows);
    const problems = await session.validate();
    if (problems.length > 0) {
      await session.abort();
      throw new Error(`${rows[0].dataset} fixture does not validate: ${problems.join('; ')}`);
    }
    await session.commit();
  }
  if (parts.coverage) {
    const session = await store.beginImport('coverage', { replace: true });
    await session.writeCoverage(parts.coverage);
    await session.commit();
  }
}

/** The seed example (examples/seed/*.csv and coverage.json) committed into `store`. */
export function seedStore(store: Store): Promise<void> {
  return writeDataset(store, seedDataset());
}
