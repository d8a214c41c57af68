/**
 * PostgreSQL's failures in words a person can act on. Connection errors come
 * from Node (`code` like ECONNREFUSED), the server's from its SQLSTATE
 * (`code` of five characters). Messages name host, port and database, never
 * the password, and carry no SQL.
 */

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

interface PgLikeError {
  code?: string;
  message?: string;
}

/**
 * True when `error` says the database could not be reached or the
 * connection was lost (as opposed to a statement that failed): these flip
 * status() to unreachable, and a read may be tried once more.
 */
export function isConnectionError(error: unknown): boolean {
  const { code, message = '' } = (error ?? {}) as PgLikeError;
  if (code && CONNECTION_CODES.has(code)) return true;
  // Class 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now.
  if (code && (code.startsWith('08') || /^57P0[123]$/.test(code))) return true;
  return /Connection terminated|connection timeout|timeout expired|timeout exceeded|Client has encountered a connection error|Client was closed|not queryable/i.test(
    message,
  );
}

/** An Error whose message says what failed on `where` and what to do. */
export function explainPg(error: unknown, where: string, user: string): Error {
  const { code, message = String(error) } = (error ?? {}) as PgLikeError;
  const said = (text: string) => {
    const e = new Error(text);
    (e as Error & { cause?: unknown }).cause = error;
    return e;
  };
  switch (code) {
    case 'ECONNREFUSED':
      return said(`cannot reach PostgreSQL at ${where}: connection refused (is it running, on that port?)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return said(`cannot reach PostgreSQL at ${where}: the host name is unknown`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return said(`cannot reach PostgreSQL at ${where}: no answer from the host`);
    case '28P01':
    case '28000':
      return said(
        `PostgreSQL at ${where} refused the login of user "${user}": check the user and password in the URL (or the server's pg_hba.conf)`,
      );
    case '3D000':
      return said(
        `the database of ${where} does not exist on that server: create it first (createdb), or fix the URL`,
      );
    case '42501':
      return said(`PostgreSQL at ${where}: user "${user}" lacks a privilege portcheck needs (${message})`);
    case '57P01':
    case '57P02':
    case '57P03':
      return said(`PostgreSQL at ${where} is shutting down or restarting: try again shortly`);
  }
  if (/connection timeout|timeout exceeded/i.test(message)) {
    return said(`cannot reach PostgreSQL at ${where}: no answer within the connection timeout`);
  }
  if (isConnectionError(error)) {
    return said(`lost the connection to PostgreSQL at ${where} (${message}): try again when it is back`);
  }
  return error instanceof Error ? error : new Error(message);
}
