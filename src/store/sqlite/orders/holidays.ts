// Holidays (§6): a carrier's, or every carrier's when carrier_id is '' (NULL outside the store).
import type { Holiday } from '../../../domain/orders/types.js';
import type { HolidayCounts } from '../../orders-store.js';
import type { Db } from '../connection.js';

export class HolidayTable {
  private readonly all;
  private readonly exists;
  private readonly upsert;
  private readonly count;
  private readonly clearOthers;

  constructor(private readonly db: Db) {
    this.all = db.prepare('SELECT date, carrier_id, name FROM holidays ORDER BY date, carrier_id').raw();
    this.exists = db.prepare('SELECT 1 FROM holidays WHERE date = ? AND carrier_id = ?').pluck();
    this.upsert = db.prepare(
      `INSERT INTO holidays (date, carrier_id, name) VALUES (?, ?, ?)
       ON CONFLICT (date, carrier_id) DO UPDATE SET name = excluded.name`,
    );
    this.count = db.prepare('SELECT count(*) FROM holidays').pluck();
    // Everything but the (date, carrier) keys given, as a JSON array of "date<TAB>carrier".
    this.clearOthers = db.prepare(
      'DELETE FROM holidays WHERE date || char(9) || carrier_id NOT IN (SELECT value FROM json_each(?))',
    );
  }

  list(): Holiday[] {
    return (this.all.all() as [string, string, string][]).map(([date, carrierId, name]) => ({
      date,
      carrierId: carrierId === '' ? null : carrierId,
      name,
    }));
  }

  /**
   * One transaction: all or nothing. Merge: the same date and carrier takes the new name. Replace:
   * counted against the list as it was, so `updated` are the kept ones and `deleted` the rest.
   */
  import(holidays: readonly Holiday[], replace: boolean): HolidayCounts {
    return this.db
      .transaction(() => {
        const before = replace ? (this.count.get() as number) : 0;
        let inserted = 0;
        let updated = 0;
        const seen = new Set<string>();
        for (const h of holidays) {
          const carrier = h.carrierId ?? '';
          const key = `${h.date}\t${carrier}`;
          if (seen.has(key)) {
            this.upsert.run(h.date, carrier, h.name);
            continue;
          }
          seen.add(key);
          if (this.exists.get(h.date, carrier) === undefined) inserted++;
          else updated++;
          this.upsert.run(h.date, carrier, h.name);
        }
        if (!replace) return { inserted, updated, deleted: 0 };
        this.clearOthers.run(JSON.stringify([...seen]));
        return { inserted, updated, deleted: before - updated };
      })
      .immediate();
  }
}
