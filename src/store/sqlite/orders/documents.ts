// Documents' bytes (§8), beside the order that lists their metadata; never in an event.
import type { DocumentContent } from '../../orders-store.js';
import type { Db } from '../connection.js';

export class DocumentTable {
  private readonly insert;
  private readonly select;

  constructor(db: Db) {
    this.insert = db.prepare(
      'INSERT INTO order_documents (order_id, document_id, content_type, filename, bytes) VALUES (?, ?, ?, ?, ?)',
    );
    this.select = db
      .prepare(
        'SELECT content_type, filename, bytes FROM order_documents WHERE order_id = ? AND document_id = ?',
      )
      .raw();
  }

  /** Inside the change's transaction. */
  add(orderId: string, documentId: string, contentType: string, filename: string, bytes: Buffer): void {
    this.insert.run(orderId, documentId, contentType, filename, bytes);
  }

  get(orderId: string, documentId: string): DocumentContent | null {
    const row = this.select.get(orderId, documentId) as [string, string, Buffer] | undefined;
    if (row === undefined) return null;
    const [contentType, filename, bytes] = row;
    return { orderId, documentId, contentType, filename, bytes };
  }
}
