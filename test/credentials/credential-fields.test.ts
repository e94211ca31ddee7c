/**
 * What a self-hoster sees in the credential dialog: the Custom environment's URLs start empty with
 * ServiceTitan's hosts as placeholders (not a loopback address that only the simulator answers), and a
 * Custom credential saved without them fails naming the field.
 */
import { NodeHelpers, type INodeProperties } from 'n8n-workflow';

import { ServiceTitanOAuth2Api } from '../../credentials/ServiceTitanOAuth2Api.credentials';
import { resolveUrls } from '../../nodes/ServiceTitan/api';

const credential = new ServiceTitanOAuth2Api();
const field = (name: string): INodeProperties => credential.properties.find((property) => property.name === name)!;

describe('credential: Custom environment URLs', () => {
	it.each([
		['authUrl', 'https://auth.servicetitan.io'],
		['apiBaseUrl', 'https://api.servicetitan.io'],
	])('%s defaults to empty, with %s as placeholder', (name, placeholder) => {
		expect(field(name).default).toBe('');
		expect(field(name).placeholder).toBe(placeholder);
	});

	it('a Custom credential saved with the defaults fails naming Auth URL, then API Base URL', () => {
		const data = NodeHelpers.getNodeParameters(credential.properties, { environment: 'custom' }, true, false, null, null) as Record<string, string>;
		expect(data.authUrl).toBe('');
		expect(() => resolveUrls('custom', { authUrl: data.authUrl, apiBaseUrl: data.apiBaseUrl })).toThrow(/Auth URL/);
		expect(() => resolveUrls('custom', { authUrl: 'https://auth.example.com', apiBaseUrl: data.apiBaseUrl })).toThrow(/API Base URL/);
	});
});
