// docs/spec/orders.md §1: each role may do what the one before it may, and more.
import type { Actor, Order, Role } from './types.js';

const RANK: Record<Role, number> = { customer: 0, desk: 1, admin: 2 };

/** True when `role` has at least the rights of `needed`. */
export const hasRole = (role: Role, needed: Role): boolean => RANK[role] >= RANK[needed];

/** A customer key sees its own account's orders only; desk and admin keys see every account. */
export const canSee = (actor: Actor, order: Pick<Order, 'account'>): boolean =>
  actor.role !== 'customer' || actor.account === order.account;

/** Webhook endpoints are the admin's (§7). */
export const mayManageWebhooks = (actor: Actor): boolean => hasRole(actor.role, 'admin');
