import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

import { buildConnector, EnvHttpProxyAgent, type Dispatcher } from 'undici';

import { getSharedDispatcher, SHARED_POOL_OPTIONS } from './pool';

/**
 * n8n's SSRF protection polices the requests that go through n8n's own HTTP helpers. This transport
 * sends with undici, so it applies the same settings itself: the same environment variables, the same
 * defaults (off; when on, private, loopback and link-local ranges blocked), and the same order: an
 * allowed hostname passes without an IP check, a blocked hostname fails, every address the name resolves
 * to must be outside the blocked ranges unless it is inside an allowed range. Checked when a connection
 * is opened, on the addresses actually connected to, like n8n's secure DNS lookup.
 */
export interface SsrfSettings {
	enabled: boolean;
	blockedIpRanges: string[];
	allowedIpRanges: string[];
	allowedHostnames: string[];
	blockedHostnames: string[];
}

/** n8n's built-in blocked ranges (`@n8n/config` SSRF_DEFAULT_BLOCKED_IP_RANGES, n8n 2.x). */
export const SSRF_DEFAULT_BLOCKED_IP_RANGES: readonly string[] = Object.freeze([
	'10.0.0.0/8',
	'172.16.0.0/12',
	'192.168.0.0/16',
	'127.0.0.0/8',
	'::1/128',
	'169.254.0.0/16',
	'fe80::/10',
	'fc00::/7',
	'fd00::/8',
	'0.0.0.0/8',
	'192.0.0.0/24',
	'192.0.2.0/24',
	'198.18.0.0/15',
	'198.51.100.0/24',
	'203.0.113.0/24',
]);

const list = (value: string | undefined): string[] =>
	(value ?? '')
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry.length > 0);

/** Reads the settings the way n8n's config does (booleans `true`/`1`, comma lists, `default` in the blocked list). */
export function readSsrfSettings(env: NodeJS.ProcessEnv = process.env): SsrfSettings {
	const blocked = env.N8N_SSRF_BLOCKED_IP_RANGES;
	return {
		enabled: ['true', '1'].includes((env.N8N_SSRF_PROTECTION_ENABLED ?? '').trim().toLowerCase()),
		blockedIpRanges:
			blocked === undefined
				? [...SSRF_DEFAULT_BLOCKED_IP_RANGES]
				: [...new Set(list(blocked).flatMap((entry) => (entry.toLowerCase() === 'default' ? SSRF_DEFAULT_BLOCKED_IP_RANGES : entry)))],
		allowedIpRanges: list(env.N8N_SSRF_ALLOWED_IP_RANGES),
		allowedHostnames: list(env.N8N_SSRF_ALLOWED_HOSTNAMES),
		blockedHostnames: list(env.N8N_SSRF_BLOCKED_HOSTNAMES),
	};
}

/** Raised when a connection would go to a destination n8n's SSRF settings forbid. Carries no `code`, so it is not retried. */
export class SsrfBlockedError extends Error {
	constructor(readonly destination: string) {
		super(
			`n8n's SSRF protection blocked ${destination} (N8N_SSRF_PROTECTION_ENABLED is on; allow it with ` + 'N8N_SSRF_ALLOWED_HOSTNAMES or N8N_SSRF_ALLOWED_IP_RANGES)',
		);
		this.name = 'SsrfBlockedError';
	}
}

type Family = 'ipv4' | 'ipv6';
const familyOf = (ip: string): Family | undefined => (({ 4: 'ipv4', 6: 'ipv6' }) as const)[isIP(ip) as 4 | 6];

function ipRangeList(ranges: string[]): BlockList {
	const blockList = new BlockList();
	for (const range of ranges) {
		const [network, prefix] = range.split('/');
		const family = familyOf(network ?? '');
		const bits = Number(prefix);
		// n8n logs and skips an entry that is not CIDR notation; so do we (without the log: no n8n logger here).
		if (!family || !/^\d+$/.test(prefix ?? '') || bits > (family === 'ipv4' ? 32 : 128)) continue;
		blockList.addSubnet(network!, bits, family);
	}
	return blockList;
}

function hostnameMatcher(patterns: string[]): (hostname: string) => boolean {
	const normalise = (name: string) => name.trim().toLowerCase().replace(/\.$/, '');
	const parsed = patterns.map(normalise).filter(Boolean);
	return (hostname) => {
		const name = normalise(hostname);
		return parsed.some((pattern) => (pattern.startsWith('*.') ? name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1 : name === pattern));
	};
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

export class SsrfGuard {
	private readonly blocked: BlockList;
	private readonly allowed: BlockList;
	private readonly hostnameAllowed: (hostname: string) => boolean;
	private readonly hostnameBlocked: (hostname: string) => boolean;

	constructor(settings: SsrfSettings) {
		this.blocked = ipRangeList(settings.blockedIpRanges);
		this.allowed = ipRangeList(settings.allowedIpRanges);
		this.hostnameAllowed = hostnameMatcher(settings.allowedHostnames);
		this.hostnameBlocked = hostnameMatcher(settings.blockedHostnames);
	}

	/** Throws SsrfBlockedError for an IP address in a blocked range (and not in an allowed one). */
	checkIp(ip: string): void {
		const family = familyOf(ip);
		if (!family || this.allowed.check(ip, family)) return;
		if (this.blocked.check(ip, family)) throw new SsrfBlockedError(ip);
	}

	/** Checks a hostname or IP literal before DNS: true when it is allowed by name (no IP check needed). */
	checkHost(host: string): boolean {
		const ip = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
		if (isIP(ip)) {
			this.checkIp(ip);
			return true;
		}
		if (this.hostnameAllowed(host)) return true;
		if (this.hostnameBlocked(host)) throw new SsrfBlockedError(host);
		return false;
	}

	/** A `lookup` for net/tls connect that refuses blocked addresses, so the checked address is the one connected to. */
	lookup = (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void => {
		let allowedByName: boolean;
		try {
			allowedByName = this.checkHost(hostname);
		} catch (error) {
			callback(error as NodeJS.ErrnoException, options.all ? [] : '');
			return;
		}
		dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
			if (error) return callback(error, options.all ? [] : '');
			try {
				if (!allowedByName) for (const { address } of addresses) this.checkIp(address);
			} catch (blocked) {
				return callback(blocked as NodeJS.ErrnoException, options.all ? [] : '');
			}
			if (options.all) return callback(null, addresses);
			callback(null, addresses[0]!.address, addresses[0]!.family);
		});
	};
}

let guarded: { key: string; dispatcher: Dispatcher } | undefined;

/**
 * The connection pool to send through: the shared one while SSRF protection is off (n8n's default), else
 * a pool whose connections are checked against the settings. Settings are read from the environment, as
 * n8n reads them, and a change of them (tests) gets a new pool.
 */
export function ssrfAwareDispatcher(env: NodeJS.ProcessEnv = process.env): Dispatcher {
	const settings = readSsrfSettings(env);
	if (!settings.enabled) return getSharedDispatcher();
	const key = JSON.stringify(settings);
	if (guarded?.key !== key) {
		const guard = new SsrfGuard(settings);
		const connectDirect = buildConnector({ timeout: SHARED_POOL_OPTIONS.connectTimeout, allowH2: false, lookup: guard.lookup } as buildConnector.BuildOptions);
		const connect: buildConnector.connector = (options, callback) => {
			// IP literals never reach `lookup`: check them here.
			try {
				guard.checkHost(options.hostname);
			} catch (error) {
				callback(error as Error, null);
				return;
			}
			connectDirect(options, callback);
		};
		const previous = guarded?.dispatcher;
		guarded = { key, dispatcher: new EnvHttpProxyAgent({ ...SHARED_POOL_OPTIONS, connect }) };
		void previous?.close();
	}
	return guarded.dispatcher;
}

/** For tests: close the SSRF-checked pool so the process can exit. */
export async function closeSsrfDispatcher(): Promise<void> {
	const dispatcher = guarded?.dispatcher;
	guarded = undefined;
	if (dispatcher) await dispatcher.close();
}
