// The PostgreSQL adapter's URL reading and error wording, without a server.
import { describe, expect, it } from 'vitest';
import { explainPg, isConnectionError } from '../../src/store/postgres/errors.js';
import { parsePostgresUrl } from '../../src/store/postgres/url.js';

describe('parsePostgresUrl', () => {
  it('takes ?schema= for portcheck, passes the rest to the driver, and never shows the password', () => {
    const target = parsePostgresUrl(
      'postgres://ops:s3cret@db.example:6543/numbers?schema=pc_1&sslmode=require',
    );
    expect(target.schema).toBe('pc_1');
    expect(target.schemaSql).toBe('"pc_1"');
    expect(target.where).toBe('db.example:6543/numbers');
    expect(target.connectionString).toBe('postgres://ops:s3cret@db.example:6543/numbers?sslmode=require');
    expect(parsePostgresUrl('postgresql://db/numbers').schema).toBe('public');
    expect(parsePostgresUrl('postgresql://db/numbers').where).toBe('db:5432/numbers');
  });

  it('refuses what is not a PostgreSQL URL or a plain schema name', () => {
    expect(() => parsePostgresUrl('mysql://db/x')).toThrow(/starts with postgres:\/\//);
    expect(() => parsePostgresUrl('not a url')).toThrow(/cannot be read/);
    expect(() => parsePostgresUrl('postgres://db/x?schema=1abc')).toThrow(/not a plain name/);
  });
});

describe('explainPg', () => {
  const explain = (error: object) =>
    explainPg(Object.assign(new Error('raw'), error), 'db:5432/pc', 'ops').message;

  it('says what to do about a refused login, a missing database, a server going down', () => {
    expect(explain({ code: '28P01' })).toBe(
      'PostgreSQL at db:5432/pc refused the login of user "ops": check the user and password in the URL (or the server\'s pg_hba.conf)',
    );
    expect(explain({ code: '3D000' })).toMatch(/^the database of db:5432\/pc does not exist on that server/);
    expect(explain({ code: 'ENOTFOUND' })).toBe(
      'cannot reach PostgreSQL at db:5432/pc: the host name is unknown',
    );
    expect(explain({ code: '57P01' })).toMatch(/shutting down or restarting/);
    expect(explain({ message: 'Connection terminated due to connection timeout' })).toMatch(
      /no answer within the connection timeout/,
    );
  });

  it('leaves a statement error as it is, and tells connection failures from statement failures', () => {
    const statement = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
    });
    expect(explainPg(statement, 'db', 'ops')).toBe(statement);
    expect(isConnectionError(statement)).toBe(false);
    expect(isConnectionError({ code: 'ECONNREFUSED' })).toBe(true);
    expect(isConnectionError({ code: '08006' })).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
  });
});
