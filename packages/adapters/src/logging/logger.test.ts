import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACTED_PATHS, serializeError } from './logger.js';

// Issue 9 item 3 / issue 10 item 5: no value of a query (phone numbers) and no secret reaches a log line.

/** A driver error as knex/MikroORM raise it: the formatted SQL, values inlined, prefixes the message. */
function driverError(): Error {
  const error = new Error(
    "select `c0`.* from `charging_order` as `c0` where `c0`.`phone` = '13812345678' - UNIQUE constraint failed: charging_order.order_no",
  ) as Error & Record<string, unknown>;
  error.name = 'UniqueConstraintViolationException';
  error['code'] = 'SQLITE_CONSTRAINT';
  error['sql'] = "select * from charging_order where phone = '13812345678'";
  error.stack = `${error.name}: ${error.message}\n    at execute (orm.js:1:1)`;
  return error;
}

describe('logging without values or secrets', () => {
  it('a driver error keeps its own message and code but loses the SQL text with its values', () => {
    const out = JSON.stringify(serializeError(driverError()));
    expect(out).not.toContain('13812345678');
    expect(out).toContain('UNIQUE constraint failed: charging_order.order_no');
    expect(out).toContain('SQLITE_CONSTRAINT');
    expect(out).toContain('at execute');
  });

  it('a plain error is logged as it is (message and stack)', () => {
    const out = serializeError(new Error('boom'));
    expect(out).toMatchObject({ type: 'Error', message: 'boom' });
  });

  it('passwords, tokens, SMS codes and phone numbers are redacted by the process logger', () => {
    let line = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        line += chunk.toString();
        done();
      },
    });
    const logger = pino({ redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' } }, sink);
    logger.info(
      {
        phone: '13812345678',
        password: 'S3cret!pw',
        user: { token: 'eyJabc', smsCode: '123456' },
        tenant: 't1',
      },
      'sign-in',
    );
    expect(line).not.toMatch(/13812345678|S3cret|eyJabc|123456/);
    expect(line).toContain('"tenant":"t1"');
  });
});
