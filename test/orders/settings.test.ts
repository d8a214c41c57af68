import { describe, expect, it } from 'vitest';
import { orderSettingsOf } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_ORDER_SETTINGS } from '../../src/domain/orders/settings.js';

describe('port-order settings from the configuration', () => {
  it('are the spec defaults unless set', () => {
    expect(orderSettingsOf(loadConfig({}, {}))).toEqual(DEFAULT_ORDER_SETTINGS);
  });

  it('take the time zone, cut-off, lock window and idle periods from the environment', () => {
    const config = loadConfig(
      {},
      {
        PORTCHECK_ORDER_TIME_ZONE: 'America/Los_Angeles',
        PORTCHECK_ORDER_CUTOFF: '16:00',
        PORTCHECK_ORDER_LOCK_WINDOW_HOURS: '12',
        PORTCHECK_ORDER_DRAFT_IDLE_DAYS: '7',
        PORTCHECK_ORDER_EXCEPTION_IDLE_DAYS: '14',
      },
    );
    expect(orderSettingsOf(config)).toEqual({
      ...DEFAULT_ORDER_SETTINGS,
      timeZone: 'America/Los_Angeles',
      cutoff: '16:00',
      lockWindowHours: 12,
      draftIdleDays: 7,
      exceptionIdleDays: 14,
    });
  });
});
