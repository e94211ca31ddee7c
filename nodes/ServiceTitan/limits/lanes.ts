/**
 * Runs of one report take turns. ServiceTitan allows a few runs of the same report per minute per tenant
 * (distinct reports are limited independently), so every run of a report passes, in order, through one lane
 * of this process: ten items asking for the same report wait their turn instead of failing. Inside its turn a
 * run waits out any "too many requests" another run of that report got, then passes the shared per-report
 * limiter (`factory.ts`, which spaces the starts, across processes once it is Redis-backed).
 */
import type { RateLimiter } from './settings';

export interface ReportGateLogger {
	warn(message: string, meta?: Record<string, unknown>): void;
}

/** A wait longer than this is logged (a warning: the execution looks stuck otherwise). */
export const LONG_REPORT_WAIT_MS = 60_000;
/** ServiceTitan asking for a longer pause than this is not waited for: the run fails with its answer. */
export const MAX_REPORT_RETRY_AFTER_MS = 15 * 60_000;
/** "Too many requests" answers in a row for one run before it gives up (each waited out per Retry-After). */
export const MAX_REPORT_RATE_LIMITED = 20;

interface Waiter {
	grant(): void;
}

/** One report's lane: a FIFO turn (one run at a time) and the time until which ServiceTitan asked for a pause. */
class Lane {
	busy = false;
	readonly queue: Waiter[] = [];
	blockedUntil = 0;

	acquire(signal: AbortSignal | undefined, first: boolean): Promise<void> {
		if (!this.busy) {
			this.busy = true;
			return Promise.resolve();
		}
		return new Promise<void>((resolve, reject) => {
			const onAbort = () => {
				const index = this.queue.indexOf(waiter);
				if (index >= 0) this.queue.splice(index, 1);
				reject(signal?.reason ?? new Error('aborted'));
			};
			const waiter: Waiter = {
				grant: () => {
					signal?.removeEventListener('abort', onAbort);
					resolve();
				},
			};
			if (signal?.aborted) return onAbort();
			signal?.addEventListener('abort', onAbort, { once: true });
			if (first) this.queue.unshift(waiter);
			else this.queue.push(waiter);
		});
	}

	release(): void {
		const next = this.queue.shift();
		if (next) next.grant();
		else this.busy = false;
	}

	/** Runs ahead of a newcomer: the one holding the turn and those queued. */
	get ahead(): number {
		return this.queue.length + (this.busy ? 1 : 0);
	}
}

/** Per process, by the per-report limiter key (API host, app key, tenant, report): shared by every client and execution. */
const lanes = new Map<string, Lane>();

export interface ReportGateOptions {
	/** The spacing the per-report limiter keeps between runs (60 s / runs per minute), for the wait estimate. */
	spacingMs: number;
	/** How the report is named in log lines, e.g. `operations/61234567`. */
	label: string;
	logger?: ReportGateLogger;
	sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
	now?: () => number;
}

/** The per-report limiter behind this process's turn for that report. */
export class ReportGate implements RateLimiter {
	private readonly lane: Lane;
	private readonly now: () => number;

	constructor(
		key: string,
		private readonly limiter: RateLimiter,
		private readonly options: ReportGateOptions,
	) {
		let lane = lanes.get(key);
		if (!lane) lanes.set(key, (lane = new Lane()));
		this.lane = lane;
		this.now = options.now ?? Date.now;
	}

	schedule<T>(job: () => Promise<T>): Promise<T> {
		return this.run(job);
	}

	/**
	 * One run in its turn. `retry` (a run that was just told to wait) goes to the head of the line, so a
	 * rate-limited run keeps its place. `inTurn` sees the result before the next run may start.
	 */
	async run<T>(job: () => Promise<T>, signal?: AbortSignal, retry = false, inTurn?: (result: T) => void): Promise<T> {
		const ahead = retry ? 0 : this.lane.ahead;
		const estimate = ahead * this.options.spacingMs + Math.max(0, this.lane.blockedUntil - this.now());
		// A retried run's wait is ServiceTitan's pause, logged by pause().
		if (!retry && estimate > LONG_REPORT_WAIT_MS) {
			this.options.logger?.warn(
				`ServiceTitan report ${this.options.label}: this run waits about ${seconds(estimate)} for its turn (${ahead} run${ahead === 1 ? '' : 's'} of the same report ahead, one every ${seconds(this.options.spacingMs)})`,
				{ report: this.options.label, waitMs: estimate, ahead },
			);
		}
		try {
			await this.lane.acquire(signal, retry);
		} catch {
			throw cancelled(this.options.label);
		}
		try {
			const pause = this.lane.blockedUntil - this.now();
			if (pause > 0) {
				try {
					await this.options.sleep(pause, signal);
				} catch {
					throw cancelled(this.options.label);
				}
			}
			const result = await this.limiter.schedule(job);
			// Still in the turn: an answer that pauses the report does so before the next run is let in.
			inTurn?.(result);
			return result;
		} finally {
			this.lane.release();
		}
	}

	/**
	 * ServiceTitan answered a run of this report with 429: every run of it in this process pauses for `waitMs`.
	 * Returns false when the pause is longer than the node waits (the caller fails with ServiceTitan's answer).
	 */
	pause(waitMs: number): boolean {
		if (waitMs > MAX_REPORT_RETRY_AFTER_MS) return false;
		if (waitMs > LONG_REPORT_WAIT_MS) {
			this.options.logger?.warn(`ServiceTitan asks to wait ${seconds(waitMs)} before running report ${this.options.label} again; waiting`, {
				report: this.options.label,
				waitMs,
			});
		}
		this.lane.blockedUntil = Math.max(this.lane.blockedUntil, this.now() + waitMs);
		return true;
	}
}

/**
 * How one request passes its limits: the request loop asks its gate to run each send (as octokit's throttling
 * plugin wraps requests) and knows nothing of lanes. A gate may wait out an answer itself (a lane's Retry-After
 * pause): `takePause()` then says so, and the loop sends again without counting an attempt.
 */
export interface SendGate<A> {
	run(send: () => Promise<A>, signal?: AbortSignal): Promise<A>;
	/** The pause the gate took for the last answer, after which the same send goes again; undefined when none. */
	takePause(): number | undefined;
	/** Sends repeated after a pause so far (they are not attempts). */
	readonly repeats: number;
	/** False when the gate decides about "too many requests" itself (waits them out or gives up): the loop must not retry them. */
	readonly loopRetriesRateLimited: boolean;
}

/** The limiter alone, or nothing when rate limiting is off: the loop retries "too many requests" as any retryable answer. */
export class LimiterGate<A> implements SendGate<A> {
	readonly repeats = 0;
	readonly loopRetriesRateLimited = true;

	constructor(private readonly limiter?: RateLimiter) {}

	run(send: () => Promise<A>): Promise<A> {
		return this.limiter ? this.limiter.schedule(send) : send();
	}

	takePause(): undefined {
		return undefined;
	}
}

/**
 * One request in a lane (a report's runs): each send takes the lane's turn, then the limiter. An answer `pauseFor`
 * reads as "wait" (ServiceTitan's "too many requests", with its Retry-After) pauses the whole lane before the turn
 * ends, and this request goes first after the pause; at most MAX_REPORT_RATE_LIMITED in a row, and never a pause
 * longer than MAX_REPORT_RETRY_AFTER_MS (then the answer is the request's outcome).
 */
export class LaneGate<A> implements SendGate<A> {
	readonly loopRetriesRateLimited = false;
	private pausedMs: number | undefined;
	private repeated = 0;

	constructor(
		private readonly lane: ReportGate,
		private readonly limiter: RateLimiter | undefined,
		private readonly pauseFor: (answer: A, repeats: number) => number | undefined,
	) {}

	get repeats(): number {
		return this.repeated;
	}

	run(send: () => Promise<A>, signal?: AbortSignal): Promise<A> {
		const limited = this.limiter ? () => (this.limiter as RateLimiter).schedule(send) : send;
		this.pausedMs = undefined;
		return this.lane.run(limited, signal, this.repeated > 0, (answer) => {
			if (this.repeated >= MAX_REPORT_RATE_LIMITED) return;
			const waitMs = this.pauseFor(answer, this.repeated);
			if (waitMs !== undefined && this.lane.pause(waitMs)) this.pausedMs = waitMs;
		});
	}

	takePause(): number | undefined {
		const paused = this.pausedMs;
		this.pausedMs = undefined;
		if (paused !== undefined) this.repeated++;
		return paused;
	}
}

/** A run cancelled while it waited for its turn or a pause; the transport turns it into its cancelled error. */
export class TurnCancelledError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'TurnCancelledError';
	}
}

function cancelled(label: string): TurnCancelledError {
	return new TurnCancelledError(`The run of report ${label} was cancelled while it waited for its turn`);
}

function seconds(ms: number): string {
	return ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}
