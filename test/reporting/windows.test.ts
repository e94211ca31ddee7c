/** Date-range splitting: consecutive whole-day windows, calendar weeks (Monday–Sunday) and months, clipped to the range. */
import { dateWindows, reportDay } from '../../nodes/ServiceTitan/reporting/windows';

describe('dateWindows', () => {
	it('months are calendar months, the first and last clipped; February of a leap year has 29 days', () => {
		expect(dateWindows('2024-01-20', '2024-04-02', 'month')).toEqual([
			{ from: '2024-01-20', to: '2024-01-31' },
			{ from: '2024-02-01', to: '2024-02-29' },
			{ from: '2024-03-01', to: '2024-03-31' },
			{ from: '2024-04-01', to: '2024-04-02' },
		]);
		expect(dateWindows('2025-12-01', '2026-01-31', 'month')).toEqual([
			{ from: '2025-12-01', to: '2025-12-31' },
			{ from: '2026-01-01', to: '2026-01-31' },
		]);
	});

	it('weeks run Monday to Sunday; a range inside one period is one window; days are one each', () => {
		// 2026-11-01 is a Sunday.
		expect(dateWindows('2026-11-01', '2026-11-10', 'week')).toEqual([
			{ from: '2026-11-01', to: '2026-11-01' },
			{ from: '2026-11-02', to: '2026-11-08' },
			{ from: '2026-11-09', to: '2026-11-10' },
		]);
		expect(dateWindows('2026-11-03', '2026-11-05', 'month')).toEqual([{ from: '2026-11-03', to: '2026-11-05' }]);
		expect(dateWindows('2026-02-27', '2026-03-01', 'day')).toEqual([
			{ from: '2026-02-27', to: '2026-02-27' },
			{ from: '2026-02-28', to: '2026-02-28' },
			{ from: '2026-03-01', to: '2026-03-01' },
		]);
		expect(dateWindows('2026-01-01', '2026-12-31', 'day')).toHaveLength(365);
	});

	it('stops counting past the maximum, so a mistaken range is refused rather than enumerated', () => {
		expect(dateWindows('2000-01-01', '2030-12-31', 'day')).toHaveLength(1001);
	});
});

describe('reportDay', () => {
	it('takes the calendar day of ISO text or a Date, and refuses what is not a day', () => {
		expect(reportDay('2026-01-31')).toBe('2026-01-31');
		expect(reportDay('2026-01-31T23:30:00-05:00')).toBe('2026-01-31');
		expect(reportDay(new Date(Date.UTC(2026, 0, 31, 12)))).toBe('2026-01-31');
		expect(reportDay('2026-02-30')).toBeUndefined();
		expect(reportDay('31/01/2026')).toBeUndefined();
		expect(reportDay('')).toBeUndefined();
		expect(reportDay(20260131)).toBeUndefined();
	});
});
