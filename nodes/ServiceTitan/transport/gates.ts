import {
	apiLimiterKey,
	apiLimiterSettings,
	LaneGate,
	LimiterGate,
	ReportGate,
	reportLimiterKey,
	reportLimiterSettings,
	type LimiterFactory,
	type RateLimiter,
	type SendGate,
} from '../limits';
import type { AttemptOutcome } from './http/attempt';
import { problemTitle } from './failures';
import { backoffDelayMs, retryAfterSeconds, type RetryPolicy } from './retry';
import type { ServiceTitanConnection, TransportLogger } from './types';

export interface GateOptions {
	factory: LimiterFactory;
	apiBaseUrl: string;
	connection: ServiceTitanConnection;
	/** false: no client-side limiter (429s are still retried by the request loop). */
	enabled: boolean;
	policy: RetryPolicy;
	logger?: TransportLogger;
	sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * A client's gates (limits/): every request passes the (API host, app key, tenant) limiter; a report run
 * passes its report's lane first, which waits out the report's "too many requests" answers.
 */
export class ClientGates {
	private apiLimiter?: RateLimiter;
	private readonly lanes = new Map<string, ReportGate>();

	constructor(private readonly options: GateOptions) {}

	/** The gate of one request: `reportId` names the lane of a report run. */
	forRequest(reportId: string | undefined): SendGate<AttemptOutcome> {
		const limiter = this.limiter();
		const lane = reportId === undefined ? undefined : this.lane(reportId);
		if (!lane) return new LimiterGate(limiter);
		return new LaneGate<AttemptOutcome>(lane, limiter, (answer, repeats) => (answer.status === 429 ? this.pauseMs(answer, repeats) : undefined));
	}

	/** How long ServiceTitan asks a report's runs to wait: its Retry-After (header or title), else the backoff. */
	private pauseMs(answer: AttemptOutcome, repeats: number): number {
		const seconds = retryAfterSeconds(answer.headers['retry-after'], problemTitle(answer.text));
		return seconds !== undefined ? seconds * 1000 : backoffDelayMs(repeats + 1, this.options.policy);
	}

	/** Looked up once per client: the key hashes the app key, which is not worth redoing per request. */
	private limiter(): RateLimiter | undefined {
		if (!this.options.enabled) return undefined;
		const { connection } = this.options;
		this.apiLimiter ??= this.options.factory.get(
			apiLimiterKey(this.options.apiBaseUrl, connection.appKey, connection.tenantId),
			apiLimiterSettings(connection.requestsPerSecond ?? 60),
			this.options.logger,
		);
		return this.apiLimiter;
	}

	/** The report's limiter from the factory, behind this process's turn for that report (`limits/lanes.ts`). */
	private lane(reportId: string): ReportGate | undefined {
		if (!this.options.enabled) return undefined;
		let gate = this.lanes.get(reportId);
		if (!gate) {
			const { connection } = this.options;
			const key = reportLimiterKey(this.options.apiBaseUrl, connection.appKey, connection.tenantId, reportId);
			const settings = reportLimiterSettings(connection.reportRunsPerMinute ?? 5);
			gate = new ReportGate(key, this.options.factory.get(key, settings, this.options.logger), {
				spacingMs: settings.minTimeMs,
				label: reportId,
				logger: this.options.logger,
				sleep: this.options.sleep,
			});
			this.lanes.set(reportId, gate);
		}
		return gate;
	}
}
