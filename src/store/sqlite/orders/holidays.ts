// Holidays (§6): a carrier's, or every carrier's when carrier_id is '' (NULL outside the store).
import type { Holiday } from '../../../domain/orders/types.js';
import type { Db } from '../connection.js';

export class HolidayTable {
  private readonly all;
  private readonly exists;
  private readonly upsert;
  private readonly clear;

  constructor(private readonly db: Db) {
    this.all = db.prepare('SELECT date, carrier_id, name FROM holidays ORDER BY date, carrier_id').raw();
    this.exists = db.prepare('SELECT 1 FROM holidays WHERE date = ? AND carrier_id = ?').pluck();
    this.upsert = db.prepare(
      `INSERT INTO holidays (date, carrier_id, name) VALUES (?, ?, ?)
       ON CONFLICT (date, carrier_id) DO UPDATE SET name = excluded.name`,
    );
    this.clear = db.prepare('DELETE FROM holidays');
  }

  list(): Holiday[] {
    return (this.all.all() as [string, string, string][]).map(([date, carrierId, name]) => ({
      date,
      carrierId: carrierId === '' ? null : carrierId,
      name,
    }));
  }

  /** One transaction: all or nothing. Merge: the same date and carrier takes the new name. */
  import(holidays: readonly Holiday[], replace: boolean): { inserted: number; updated: number } {
    return this.db
      .transaction(() => {
        if (replace) this.clear.run();
        let inserted = 0;
        let updated = 0;
        for (const h of holidays) {
          const carrier = h.carrierId ?? '';
          if (this.exists.get(h.date, carrier) === undefined) inserted++;
          else updated++;
          this.upsert.run(h.date, carrier, h.name);
        }
        return { inserted, updated };
      })
      .immediate();
  }
}
