/** Pickers and dropdowns derived from their curation and the catalog. */
import { CATALOG } from '../../nodes/ServiceTitan/catalog';
import { RECORD_DROPDOWNS, RECORD_PICKERS, derivePickers } from '../../nodes/ServiceTitan/catalog/pickers';

const catalogGets = new Set(
	CATALOG.flatMap(({ resource }) => resource.operations.filter((op) => op.method === 'GET' && op.paged).map((op) => `${resource.module} ${op.path}`)),
);

test('every picker and dropdown lists a paged Get Many of the catalog', () => {
	const lists = [...RECORD_PICKERS.values(), ...RECORD_DROPDOWNS.values()].map((entry) => `${entry.list.module} ${entry.list.path}`);
	expect(lists.filter((list) => !catalogGets.has(list))).toEqual([]);
});

test('method names come from the plural: searchBusinessUnits, projectStatuses', () => {
	expect(RECORD_PICKERS.get('businessUnit')?.method).toBe('searchBusinessUnits');
	expect(RECORD_DROPDOWNS.get('projectStatus')?.method).toBe('projectStatuses');
	expect(RECORD_DROPDOWNS.get('campaignCategory')?.method).toBe('campaignCategories');
});

test('a picker of no resource, or two claims on one field, are refused when the node loads', () => {
	expect(() => derivePickers(CATALOG, { nosuch: { byNumber: 'ids' } }, {})).toThrow('A picker or dropdown names nosuch, which is no resource of the catalog');
	expect(() => derivePickers(CATALOG, { job: { byNumber: 'ids' } }, { jobType: { fields: ['jobId'] } })).toThrow('Field jobId is claimed by two pickers or dropdowns');
	const report = CATALOG.find((entry) => entry.resource.value === 'report')!;
	expect(() => derivePickers([{ resource: { ...report.resource, operations: [] } }], { report: { byNumber: 'ids' } }, {})).toThrow(
		/report has a picker or dropdown but no Get Many/,
	);
});
