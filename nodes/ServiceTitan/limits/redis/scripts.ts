import type { RedisClient } from './connection';

/**
 * The Lua scripts the shared limiters run in Redis, timed by Redis's clock (`TIME`), so the processes' own
 * clocks and late timers do not matter.
 */

/** At most `limit` starts in any `span` ms (a sorted set of start times); returns 0 (granted) or the wait in ms. */
const WINDOW_SCRIPT = `
local key = KEYS[1]
local span = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - span)
-- A start counted again (its grant was read late) does not count against itself: it only moves later.
local others = redis.call('ZCARD', key)
if redis.call('ZSCORE', key, ARGV[3]) then others = others - 1 end
if others < limit then
  redis.call('ZADD', key, now, ARGV[3])
  redis.call('PEXPIRE', key, span * 2)
  return 0
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + span - now + 1)
`;

/**
 * Books the next start of a limiter: one every `interval` ms by Redis's clock, a booking never refused
 * (the caller sleeps until its time), so waiting costs one round trip and no polling. Returns the wait in
 * ms as a string (a Lua number reply would lose the fraction).
 */
const BOOKING_SCRIPT = `
local key = KEYS[1]
local interval = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local booked = tonumber(redis.call('GET', key) or '0')
local start = math.max(now, booked)
redis.call('SET', key, string.format('%.3f', start + interval), 'PX', math.ceil(start + interval - now) + 60000)
return string.format('%.3f', start - now)
`;

/** A connection with the limiter's scripts defined as commands. */
export type WindowClient = RedisClient & {
	servicetitanWindow(key: string, spanMs: number, limit: number, member: string): Promise<number>;
	servicetitanBook(key: string, intervalMs: number): Promise<string>;
};

export function defineLimiterScripts(client: RedisClient): WindowClient {
	client.defineCommand('servicetitanWindow', { numberOfKeys: 1, lua: WINDOW_SCRIPT });
	client.defineCommand('servicetitanBook', { numberOfKeys: 1, lua: BOOKING_SCRIPT });
	return client as WindowClient;
}
