// The roll-up status of a group of orders (docs/spec/orders.md §9, GET /v2/portorders/groups/{id}).
import type { OrderStatus } from './types.js';

export type GroupRollup = 'requires_action' | 'in_progress' | 'completed' | 'cancelled';

/**
 * `requires_action` while any order waits for the customer (`draft`, `exception`); else
 * `in_progress` while any is open; else `completed` when at least one completed (the others
 * cancelled), and `cancelled` when every one was.
 */
export function groupRollup(statuses: readonly OrderStatus[]): GroupRollup {
  if (statuses.some((s) => s === 'draft' || s === 'exception')) return 'requires_action';
  if (statuses.some((s) => s !== 'completed' && s !== 'cancelled')) return 'in_progress';
  return statuses.includes('completed') ? 'completed' : 'cancelled';
}
