import { createHmac, randomUUID } from 'node:crypto';
import type { SimulatorClock } from './clock';
import type { SimRecord, StoreChange } from './store';

/**
 * ServiceTitan's V2 webhooks, simulated: subscriptions per event type (the developer portal's
 * "one URL per event", with the app's optional HMAC key), CloudEvents 1.0 built from store changes,
 * signed HMAC-SHA256 over the exact body, and retried after non-2xx on ServiceTitan's schedule with
 * the same `userassignedid` (a new delivery `id` per attempt). Events that used up their retries
 * wait for `replay()`, as failed events wait for the portal's replay.
 */

/** After the first attempt: 10, 30, 60 and 300 seconds. */
export const SERVICETITAN_RETRY_DELAYS_MS: readonly number[] = [10_000, 30_000, 60_000, 300_000];
export const WEBHOOK_SOURCE = 'https://webhooks.servicetitan.io';
export const SIGNATURE_HEADER = 'x-servicetitan-signature';

export interface WebhookSubscription {
	/** A `tn.*` type, or `*` for every type. */
	eventType: string;
	url: string;
	/** The app's HMAC key; unsigned deliveries without one. */
	key?: string;
	/** How the signature is written into the header. Default hex. */
	encoding?: 'hex' | 'base64';
}

export interface WebhookOptions {
	subscriptions?: WebhookSubscription[];
	/** Waits before retries 1…n (real time). Default ServiceTitan's 10/30/60/300 s; tests shorten it. */
	retryDelaysMs?: readonly number[];
	/** Per attempt, real time. Default 15 s. */
	timeoutMs?: number;
}

export interface CloudEvent {
	specversion: '1.0';
	id: string;
	type: string;
	time: string;
	source: string;
	userassignedid: string;
	datacontenttype: 'application/json';
	data: Record<string, unknown>;
}

export interface WebhookAttempt {
	type: string;
	url: string;
	userassignedid: string;
	/** The delivery id of this attempt. */
	id: string;
	/** 1 = first delivery, 2… = retries. */
	attempt: number;
	/** HTTP status, 0 when the request failed (refused, reset, timed out). */
	status: number;
	error?: string;
	/** Real epoch ms the attempt ended. */
	at: number;
}

export interface PendingEvent {
	subscription: WebhookSubscription;
	event: Omit<CloudEvent, 'id'>;
	attempts: number;
	state: 'pending' | 'delivered' | 'failed';
}

export interface WebhookDispatcher {
	subscribe(subscription: WebhookSubscription): void;
	/** Removes subscriptions of a type (all when omitted). */
	unsubscribe(eventType?: string): void;
	subscriptions(): WebhookSubscription[];
	/** Every HTTP attempt, oldest first. */
	attempts: WebhookAttempt[];
	/** Events per subscription and their state. */
	events: PendingEvent[];
	/** Sends an event of this type now (what the store changes call; tests may call it directly). */
	emit(type: string, data: Record<string, unknown>): PendingEvent[];
	/** Delivers failed events again with the same userassignedid, as the portal's replay does. */
	replay(userassignedid?: string): number;
	/** Resolves when no delivery is in flight or waiting for a retry. */
	idle(): Promise<void>;
	/** Follows a store's writes (the simulator wires its primary tenant). */
	onStoreChange(change: StoreChange): void;
	close(): void;
}

export function signBody(key: string, body: string | Buffer, encoding: 'hex' | 'base64' = 'hex'): string {
	return createHmac('sha256', key).update(body).digest(encoding);
}

/** The CloudEvents a store change stands for, with ServiceTitan's payload shapes (`data.job`, `data.lead` …). */
export function eventsForChange(
	change: StoreChange,
	tenant: { tenantId: string; tenantName: string },
	store?: { get(name: string, id: SimRecord['id']): SimRecord | undefined },
): Array<{ type: string; data: Record<string, unknown> }> {
	const envelope = { tenantId: Number(tenant.tenantId), tenantName: tenant.tenantName };
	const { before, after, kind } = change;
	const record = after ?? before;
	if (!record) return [];
	const jobOf = (jobId: unknown) => (jobId !== undefined && jobId !== null ? store?.get('jpm:jobs', jobId as SimRecord['id']) : undefined);
	const jobPayload = (job: SimRecord) => ({ job, manageEmployeeEmail: false, manageFollowUpEmail: false, ...envelope });
	switch (change.collection) {
		case 'jpm:jobs': {
			if (kind === 'create') return [{ type: 'tn.jpm.job-scheduled', data: jobPayload(record) }];
			if (kind !== 'update') return [];
			if (after?.jobStatus === 'Completed' && before?.jobStatus !== 'Completed') return [{ type: 'tn.jpm.job-completed', data: jobPayload(record) }];
			return [{ type: 'tn.jpm.job-updated', data: jobPayload(record) }];
		}
		case 'jpm:appointments': {
			if (kind !== 'update') return [];
			const events = [{ type: 'tn.jpm.job-appointment-updated', data: { appointment: record, ...envelope } as Record<string, unknown> }];
			const moved = ['start', 'end', 'arrivalWindowStart', 'arrivalWindowEnd'].some((field) => before?.[field] !== after?.[field]);
			const job = jobOf(record.jobId);
			if (moved && job) {
				events.push({ type: 'tn.jpm.job-rescheduled', data: { ...jobPayload(job), appointmentId: record.id, appointmentNumber: record.appointmentNumber } });
			}
			return events;
		}
		case 'dispatch:appointment-assignments': {
			if (kind !== 'create') return [];
			const appointment = store?.get('jpm:appointments', record.appointmentId as SimRecord['id']);
			const job = jobOf(record.jobId);
			return job && appointment ? [{ type: 'tn.dis.technician-dispatched', data: { job, appointment, ...envelope } }] : [];
		}
		case 'crm:leads':
			return [{ type: kind === 'create' ? 'tn.crm.lead-created' : 'tn.crm.lead-updated', data: { lead: record, ...envelope } }];
		case 'crm:bookings':
			return kind === 'delete' ? [] : [{ type: 'tn.crm.booking-updated', data: { booking: record, ...envelope } }];
		case 'accounting:invoices':
			return kind === 'update' ? [{ type: 'tn.acc.invoice-updated', data: { invoice: record, ...envelope } }] : [];
		case 'telecom:calls':
			return [{ type: kind === 'create' ? 'tn.tlc.call-completed' : 'tn.tlc.call-updated', data: { call: record, ...envelope } }];
		case 'dispatch:zones':
			return [{ type: kind === 'delete' ? 'tn.dis.zone-deleted' : 'tn.dis.zone-updated', data: { zone: record, ...envelope } }];
		default:
			return [];
	}
}

export function createWebhookDispatcher(
	clock: SimulatorClock,
	tenant: { tenantId: string; tenantName: string },
	options: WebhookOptions = {},
	store?: { get(name: string, id: SimRecord['id']): SimRecord | undefined },
): WebhookDispatcher {
	let subscriptions: WebhookSubscription[] = [...(options.subscriptions ?? [])];
	const retryDelays = options.retryDelaysMs ?? SERVICETITAN_RETRY_DELAYS_MS;
	const timeoutMs = options.timeoutMs ?? 15_000;
	const attempts: WebhookAttempt[] = [];
	const events: PendingEvent[] = [];
	const timers = new Set<NodeJS.Timeout>();
	const controllers = new Set<AbortController>();
	let inFlight = 0;
	let closed = false;
	let idleWaiters: Array<() => void> = [];

	const busy = () => inFlight > 0 || timers.size > 0;
	const settle = () => {
		if (busy()) return;
		const waiters = idleWaiters;
		idleWaiters = [];
		for (const resolve of waiters) resolve();
	};

	async function attempt(pending: PendingEvent): Promise<void> {
		if (closed) return;
		pending.attempts++;
		const { specversion, ...rest } = pending.event;
		const event: CloudEvent = { specversion, id: randomUUID(), ...rest };
		const body = JSON.stringify(event);
		const headers: Record<string, string> = { 'content-type': 'application/json' };
		const { key, encoding, url } = pending.subscription;
		if (key) headers[SIGNATURE_HEADER] = signBody(key, body, encoding);
		const record: WebhookAttempt = { type: event.type, url, userassignedid: event.userassignedid, id: event.id, attempt: pending.attempts, status: 0, at: 0 };
		inFlight++;
		const controller = new AbortController();
		controllers.add(controller);
		const timer = setTimeout(() => controller.abort(), timeoutMs);
		try {
			const response = await fetch(url, { method: 'POST', headers, body, signal: controller.signal });
			record.status = response.status;
			await response.arrayBuffer().catch(() => undefined);
		} catch (error) {
			record.error = error instanceof Error ? error.message : String(error);
		} finally {
			clearTimeout(timer);
			controllers.delete(controller);
			inFlight--;
		}
		record.at = Date.now();
		attempts.push(record);
		if (record.status >= 200 && record.status < 300) {
			pending.state = 'delivered';
		} else if (pending.attempts <= retryDelays.length && !closed) {
			const retry = setTimeout(
				() => {
					timers.delete(retry);
					void attempt(pending).finally(settle);
				},
				retryDelays[pending.attempts - 1],
			);
			timers.add(retry);
		} else {
			pending.state = 'failed';
		}
		settle();
	}

	const dispatcher: WebhookDispatcher = {
		subscribe(subscription) {
			subscriptions = subscriptions.filter((s) => !(s.eventType === subscription.eventType && s.url === subscription.url));
			subscriptions.push({ ...subscription });
		},
		unsubscribe(eventType) {
			subscriptions = eventType === undefined ? [] : subscriptions.filter((s) => s.eventType !== eventType);
		},
		subscriptions: () => subscriptions.map((s) => ({ ...s })),
		attempts,
		events,
		emit(type, data) {
			const time = new Date(clock.now()).toISOString();
			const userassignedid = randomUUID();
			const started = subscriptions
				.filter((s) => s.eventType === type || s.eventType === '*')
				.map((subscription): PendingEvent => ({
					subscription,
					event: { specversion: '1.0', type, time, source: WEBHOOK_SOURCE, userassignedid, datacontenttype: 'application/json', data },
					attempts: 0,
					state: 'pending',
				}));
			for (const pending of started) {
				events.push(pending);
				void attempt(pending);
			}
			return started;
		},
		replay(userassignedid) {
			const failed = events.filter((e) => e.state === 'failed' && (userassignedid === undefined || e.event.userassignedid === userassignedid));
			for (const pending of failed) {
				pending.state = 'pending';
				pending.attempts = 0;
				void attempt(pending);
			}
			return failed.length;
		},
		idle: () => (busy() ? new Promise<void>((resolve) => idleWaiters.push(resolve)) : Promise.resolve()),
		onStoreChange(change) {
			if (subscriptions.length === 0) return;
			for (const { type, data } of eventsForChange(change, tenant, store)) dispatcher.emit(type, data);
		},
		close() {
			closed = true;
			for (const timer of timers) clearTimeout(timer);
			timers.clear();
			for (const controller of controllers) controller.abort();
			settle();
		},
	};
	return dispatcher;
}

/**
 * The simulator's control API for webhooks (`/_simulator/webhooks`): GET lists subscriptions and
 * attempts; POST `{ eventTypes | eventType, url, key?, encoding? }` registers; POST `…/emit`
 * `{ type, data }` sends one; POST `…/replay` `{ userassignedid? }`; DELETE clears.
 */
export function webhookControl(dispatcher: WebhookDispatcher, method: string, path: string, body: unknown): { status: number; body: unknown } {
	const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
	const list = () => ({ subscriptions: dispatcher.subscriptions().map(({ key, ...rest }) => ({ ...rest, signed: Boolean(key) })), attempts: dispatcher.attempts });
	if (path === '/_simulator/webhooks' && method === 'GET') return { status: 200, body: list() };
	if (path === '/_simulator/webhooks' && method === 'DELETE') {
		dispatcher.unsubscribe(typeof input.eventType === 'string' ? input.eventType : undefined);
		return { status: 200, body: list() };
	}
	if (path === '/_simulator/webhooks' && method === 'POST') {
		const types = Array.isArray(input.eventTypes) ? input.eventTypes.map(String) : typeof input.eventType === 'string' ? [input.eventType] : [];
		if (types.length === 0 || typeof input.url !== 'string' || !/^https?:\/\//.test(input.url)) {
			return { status: 400, body: { title: 'Give eventTypes (or eventType) and an http(s) url.' } };
		}
		const encoding = input.encoding === 'base64' ? 'base64' : 'hex';
		for (const eventType of types) {
			dispatcher.subscribe({ eventType, url: input.url, key: typeof input.key === 'string' && input.key ? input.key : undefined, encoding });
		}
		return { status: 200, body: list() };
	}
	if (path === '/_simulator/webhooks/emit' && method === 'POST') {
		if (typeof input.type !== 'string' || typeof input.data !== 'object' || input.data === null) return { status: 400, body: { title: 'Give type and data.' } };
		const sent = dispatcher.emit(input.type, input.data as Record<string, unknown>);
		return { status: 200, body: { deliveries: sent.length, userassignedid: sent[0]?.event.userassignedid ?? null } };
	}
	if (path === '/_simulator/webhooks/replay' && method === 'POST') {
		return { status: 200, body: { replayed: dispatcher.replay(typeof input.userassignedid === 'string' ? input.userassignedid : undefined) } };
	}
	return { status: 404, body: { title: `Nothing is served at ${method} ${path}.` } };
}
