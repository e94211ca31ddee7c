import { MODULE_PREFIXES, type ModuleKey } from '../../api';
import { ServiceTitanError } from '../errors';
import type { Query } from '../types';

/**
 * Full URL of a request: API base, the area's prefix, the tenant, the path and the query. Refuses a
 * path that climbs out of the tenant (`..`) or names another scheme, so a value typed into a path
 * parameter cannot send the token elsewhere. The URL carries no secret: messages and logs may show it.
 */
export function buildApiUrl(apiBaseUrl: string, tenantId: string, module: ModuleKey, path: string, query?: Query): string {
	const prefix = MODULE_PREFIXES[module];
	if (!prefix) throw new ServiceTitanError('api', `Unknown ServiceTitan API area "${module}"`);
	const cleanPath = path.replace(/^\/+/, '');
	if (/(^|\/)\.\.?(\/|$)/.test(cleanPath) || /^[a-z]+:/i.test(cleanPath)) {
		throw new ServiceTitanError('api', `Invalid ServiceTitan path "${path}"`);
	}
	const base = `${apiBaseUrl}/${prefix}/tenant/${encodeURIComponent(tenantId)}`;
	const url = cleanPath ? `${base}/${cleanPath}` : base;
	const search = toSearchParams(query);
	return search ? `${url}?${search}` : url;
}

/**
 * Empty values are left out; lists of values become ServiceTitan's comma lists (`ids=1,2,3`); a dictionary
 * and a list of objects take ASP.NET's model-binding form, which the documents show
 * (`customField.Fields[Color]=Red`, `owners[0].type=Location&owners[0].id=2689281`).
 */
export function toSearchParams(query: Query | undefined): string {
	if (!query) return '';
	const params = new URLSearchParams();
	const append = (key: string, value: unknown) => {
		if (value !== undefined && value !== null && value !== '') params.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
	};
	for (const [key, value] of Object.entries(query)) {
		if (value === undefined || value === null || value === '') continue;
		if (Array.isArray(value)) {
			if (value.some((item) => typeof item === 'object' && item !== null)) {
				value.forEach((item, index) => {
					for (const [name, part] of Object.entries(item as Record<string, unknown>)) append(`${key}[${index}].${name}`, part);
				});
			} else if (value.length) params.append(key, value.join(','));
		} else if (typeof value === 'object') {
			for (const [name, part] of Object.entries(value)) append(`${key}[${name}]`, part);
		} else {
			params.append(key, String(value));
		}
	}
	return params.toString();
}
