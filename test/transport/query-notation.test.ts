/**
 * How query values reach ServiceTitan: lists of values as comma lists, a dictionary and a list of objects in
 * ASP.NET's model-binding form, which ServiceTitan's documents show (`owners[0].type=Location&owners[0].id=…`).
 * Sent as `[object Object]` before, which ServiceTitan cannot bind.
 */
import { buildApiUrl, toSearchParams } from '../../nodes/ServiceTitan/transport/http/url';

const decoded = (query: Parameters<typeof toSearchParams>[0]) => decodeURIComponent(toSearchParams(query));

test('a list of values is one comma list; empty values are left out', () => {
	expect(decoded({ ids: [1, 2, 3], syncStatuses: ['Pending', 'Posted'], name: '', active: undefined, page: 2 })).toBe('ids=1,2,3&syncStatuses=Pending,Posted&page=2');
	expect(decoded({ ids: [] })).toBe('');
});

test('a dictionary is sent as key[name]=value', () => {
	expect(decoded({ 'customField.Fields': { Color: 'Red', Size: 'L' }, 'customField.Operator': 'Or' })).toBe(
		'customField.Fields[Color]=Red&customField.Fields[Size]=L&customField.Operator=Or',
	);
});

test('a list of objects is sent as key[index].property=value', () => {
	const url = buildApiUrl('https://api.example.test', '7', 'forms', 'submissions', {
		owners: [
			{ type: 'Location', id: 2689281 },
			{ type: 'Customer', id: 2703496, note: null },
		],
	});
	expect(decodeURIComponent(url)).toBe(
		`https://api.example.test/forms/v2/tenant/7/submissions?owners[0].type=Location&owners[0].id=2689281&owners[1].type=Customer&owners[1].id=2703496`,
	);
});
