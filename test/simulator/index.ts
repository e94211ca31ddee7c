/**
 * A local ServiceTitan: OAuth client-credentials tokens, every catalog route with generic CRUD and the
 * core actions' effects, export feeds, reporting, rate limits and injectable faults.
 */
export {
	startSimulator,
	DEFAULT_CREDENTIALS,
	type Simulator,
	type SimulatorOptions,
	type SimulatorCredentials,
	type SimulatorTenant,
	type SimulatorStats,
	type RequestLogEntry,
	type FaultSpec,
	type FaultType,
	type FaultPolicy,
} from './server';
export { SimulatorStore, Collection, toRecordId, type SimRecord, type RecordId, type ChangeLogEntry } from './store';
export { SIMULATOR_EPOCH, type SimulatorClock } from './clock';
export { Router, operationUrlPath, type Route, type RouteKind, type RouteMatch } from './routes';
export { loadCatalog, type CatalogSource } from './catalog';
export { FileStore, SIMULATOR_MAX_REQUEST_BODY_BYTES, type StoredFile, type UploadedFile } from './files';
export { RETIRED_TITLE, type ReportMode, type ReportQuery, type ReportingState } from './reporting';
export { REPORTS, REPORT_CATEGORIES, SEEDED_COLLECTIONS, type SizePreset } from './seed';
export type { ProblemBody } from './problem';
export {
	SERVICETITAN_RETRY_DELAYS_MS,
	SIGNATURE_HEADER,
	WEBHOOK_SOURCE,
	signBody,
	eventsForChange,
	type CloudEvent,
	type WebhookAttempt,
	type WebhookDispatcher,
	type WebhookOptions,
	type WebhookSubscription,
} from './webhooks';
export type { StoreChange, StoreListener } from './store';

import { loadCatalog } from './catalog';
import { Router, type RouteMatch } from './routes';
import { SEEDED_COLLECTIONS } from './seed';

let defaultRouter: Router | undefined;

/** Matches a URL path (relative to the API base, e.g. `/crm/v2/tenant/1/customers/5`) against the committed catalog's routes. */
export function routeFor(method: string, path: string): RouteMatch | undefined {
	defaultRouter ??= new Router(loadCatalog().resources, SEEDED_COLLECTIONS);
	const match = defaultRouter.match(method, path);
	return match && 'route' in match ? match : undefined;
}
