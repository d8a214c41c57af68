/** What portcheck takes from a PostgreSQL URL besides what `pg` itself reads. */
export interface PostgresTarget {
  /** The URL for `pg`, without portcheck's own parameters. */
  connectionString: string;
  /** The schema that holds portcheck's tables (`?schema=NAME`, default `public`). */
  schema: string;
  /** The schema as a quoted SQL identifier. */
  schemaSql: string;
  /** host:port/database, never the user's password: for messages. */
  where: string;
}

/**
 * Schema names portcheck accepts: plain identifiers, so that quoting them is
 * never in doubt, short enough that the channel `portcheck_<schema>` stays
 * within PostgreSQL's 63-byte names.
 */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,52}$/;

/**
 * Reads `postgres://user:password@host:port/database?schema=NAME&…`. The
 * schema parameter is portcheck's (so that several portchecks, or tests,
 * can share one database); every other parameter goes to `pg` unchanged.
 */
export function parsePostgresUrl(text: string): PostgresTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('the PostgreSQL URL cannot be read: expected postgres://user@host:port/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`a PostgreSQL URL starts with postgres://, not ${url.protocol}//`);
  }
  const schema = url.searchParams.get('schema') ?? 'public';
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(
      `schema=${JSON.stringify(schema)} in the PostgreSQL URL is not a plain name (letters, digits and _, at most 53)`,
    );
  }
  url.searchParams.delete('schema');
  const host = url.hostname || 'localhost';
  const port = url.port || '5432';
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || decodeURIComponent(url.username);
  return {
    connectionString: url.toString(),
    schema,
    schemaSql: `"${schema}"`,
    where: `${host}:${port}/${database}`,
  };
}
