/**
 * External data (key/value pairs an application attaches to a record) is scoped by an application GUID: a record's
 * pairs are found and shown only under the GUID they were written with. The credential may name one; when it does
 * not, this GUID is used, the same in every workflow and every installation of the package, so keys written by one
 * workflow are found by another. It must never change: records keyed under it would no longer be found.
 */
export const DEFAULT_EXTERNAL_DATA_APPLICATION_GUID = '6e8b3c1a-5d2f-4a7e-9b0c-2f1d4e6a8c35';

const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
	return GUID_PATTERN.test(value);
}
