import { WEBHOOK_EVENT_TYPES } from '../../nodes/ServiceTitan/webhook/events';
import { credentialTestRead, recordPath } from '../../nodes/ServiceTitan/catalog/records';

/** Fetch Full Record reads what the catalog says each resource's record read is; these are the requests it sends. */
describe('Fetch Full Record reads records the catalog’s way', () => {
	test('each event’s record and appointment come from its resource’s Get, or Get Many by ids for invoices', () => {
		const requests = new Set<string>();
		for (const type of WEBHOOK_EVENT_TYPES) {
			for (const lookup of [type.record, type.appointment]) {
				if (!lookup) continue;
				const { read } = lookup;
				requests.add(`${read.module} GET ${recordPath(read, '42')}${read.byIds ? '?ids=42' : ''} (${read.noun})`);
			}
		}
		expect([...requests].sort()).toEqual([
			'accounting GET invoices?ids=42 (invoice)',
			'crm GET bookings/42 (booking)',
			'crm GET leads/42 (lead)',
			'dispatch GET zones/42 (zone)',
			'jpm GET appointments/42 (appointment)',
			'jpm GET jobs/42 (job)',
			'telecom GET calls/42 (call)',
		]);
	});

	test('an ID is one path segment, whatever it holds', () => {
		const job = WEBHOOK_EVENT_TYPES.find((type) => type.value === 'tn.jpm.job-completed')!.record!.read;
		expect(recordPath(job, '1/../../x')).toBe('jobs/1%2F..%2F..%2Fx');
	});

	test('the credential test reads one business unit from settings', () => {
		expect(credentialTestRead()).toEqual({ module: 'settings', path: 'business-units' });
	});
});
