// GET /v2/portorders/{id}/foc-dates (docs/spec/orders.md §6): the dates a submission at `now` may
// ask for, with the losing carrier's holidays and the order's lead.
import { allowedFocDates, businessCalendar, focWindow, leadBusinessDays } from './business-days.js';
import type { OrderSettings } from './settings.js';
import type { Holiday, Order } from './types.js';

export interface OrderFocDates {
  lead_business_days: number;
  earliest: string;
  latest: string;
  dates: string[];
}

export function orderFocDates(
  order: Pick<Order, 'numberType' | 'portKind' | 'losingCarrier'>,
  now: Date,
  holidays: readonly Holiday[],
  settings: OrderSettings,
): OrderFocDates {
  const cal = businessCalendar(holidays, order.losingCarrier.id);
  const lead = leadBusinessDays(order.numberType, order.portKind);
  const { earliest, latest } = focWindow(now, cal, lead, settings);
  return { lead_business_days: lead, earliest, latest, dates: allowedFocDates(now, cal, lead, settings) };
}
