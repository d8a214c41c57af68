// Adding a document to an order (docs/spec/orders.md §8). The content checks (type by first bytes,
// size) are the adapter's; the domain decides when an order takes one and what the event says.
import type { Decision, Outcome } from './decision.js';
import { orderEvent } from './events.js';
import { refuse } from './refusal.js';
import { canSee } from './roles.js';
import { type Actor, isTerminal, type Order, type OrderDocument } from './types.js';

/**
 * Any open order takes documents (an LOA re-signed after LOA_ILLEGIBLE arrives in `exception`, a CSR
 * may come at any time); a closed one is a record and takes none. An upload does not move the state.
 */
export function decideAddDocument(order: Order, doc: OrderDocument, actor: Actor, now: Date): Outcome {
  if (!canSee(actor, order)) return refuse('not_found', 'No such port order.');
  if (isTerminal(order.status)) {
    return refuse('invalid_transition', `A ${order.status} order takes no more documents.`, {
      status: order.status,
      allowed: [],
    });
  }
  const next: Order = {
    ...order,
    documents: [...order.documents, { ...doc }],
    version: order.version + 1,
    updatedAt: now.toISOString(),
  };
  const { id, type, filename, contentType, size, sha256, uploadedAt } = doc;
  const decision: Decision = {
    ok: true,
    order: next,
    events: [
      orderEvent('port_order.document_added', next, now, {
        document: { id, type, filename, content_type: contentType, size, sha256, uploaded_at: uploadedAt },
      }),
    ],
  };
  return decision;
}
