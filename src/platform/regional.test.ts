import { describe, expect, it } from 'vitest';
import { isTimeZone, regionalDefaults, timeZonesOf } from './regional.js';

describe("an organisation's first language and time zone", () => {
  it('follows its country, and falls back to English in UTC for a country it does not know', () => {
    expect(regionalDefaults('EC')).toEqual({ locale: 'es', timeZone: 'America/Guayaquil' });
    expect(regionalDefaults('sn').locale).toBe('fr');
    expect(regionalDefaults('KE')).toEqual({ locale: 'en', timeZone: 'Africa/Nairobi' });
    expect(regionalDefaults('XA')).toEqual({ locale: 'en', timeZone: 'UTC' });
  });

  it('offers only zones the runtime can write dates in', () => {
    expect(timeZonesOf('EC')).toEqual(['America/Guayaquil', 'Pacific/Galapagos']);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(regionalDefaults('IN').timeZone).toBe('Asia/Kolkata');
  });
});
