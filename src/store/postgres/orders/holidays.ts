// Holidays (§6): a carrier's, or every carrier's when carrier_id is '' (NULL outside the store).
import type { Holiday } from '../../../domain/orders/types.js';
import type { HolidayCounts } from '../../orders-store.js';
import { type Queryable, rows } from './sql.js';

export async function listHolidays(q: Queryable): Promise<Holiday[]> {
  const found = await rows<[string, string, string]>(
    q,
    'SELECT date, carrier_id, name FROM holidays ORDER BY date, carrier_id',
  );
  return found.map(([date, carrierId, name]) => ({
    date,
    carrierId: carrierId === '' ? null : carrierId,
    name,
  }));
}

/**
 * Inside one transaction: all or nothing. Merge: the same date and carrier takes the new name (the
 * last given, when repeated). Replace: counted against the list as it was, so `updated` are the kept
 * ones and `deleted` the rest. The table is locked against other imports (readers go on), so that the
 * counts are those of this import alone.
 */
export async function importHolidays(
  client: Queryable,
  holidays: readonly Holiday[],
  replace: boolean,
): Promise<HolidayCounts> {
  await client.query('LOCK TABLE holidays IN SHARE ROW EXCLUSIVE MODE');
  const given = new Map<string, Holiday>();
  for (const h of holidays) given.set(`${h.date}\t${h.carrierId ?? ''}`, h);
  const dates = [...given.values()].map((h) => h.date);
  const carriers = [...given.values()].map((h) => h.carrierId ?? '');
  const names = [...given.values()].map((h) => h.name);
  const [[before]] = await rows<[number]>(client, 'SELECT count(*) FROM holidays');
  const [[kept]] = await rows<[number]>(
    client,
    `SELECT count(*) FROM holidays h JOIN unnest($1::text[], $2::text[]) AS g(date, carrier_id)
       ON h.date = g.date AND h.carrier_id = g.carrier_id`,
    [dates, carriers],
  );
  await client.query(
    `INSERT INTO holidays (date, carrier_id, name) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (date, carrier_id) DO UPDATE SET name = EXCLUDED.name`,
    [dates, carriers, names],
  );
  const inserted = given.size - kept;
  if (!replace) return { inserted, updated: kept, deleted: 0 };
  await client.query(
    `DELETE FROM holidays h WHERE NOT EXISTS (
       SELECT 1 FROM unnest($1::text[], $2::text[]) AS g(date, carrier_id)
       WHERE g.date = h.date AND g.carrier_id = h.carrier_id)`,
    [dates, carriers],
  );
  return { inserted, updated: kept, deleted: before - kept };
}
