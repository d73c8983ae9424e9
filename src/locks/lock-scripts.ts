/*
 * Lua scripts for target locks. The lock value is the holder as JSON. The scripts only decode it to
 * read `jobId` and never re-encode it. Each takes KEYS[1] = the lock key and ARGV[1] = the caller's job id.
 */

/**
 * Takes the lock with `SET NX PX`, or takes it back when the same job id already holds it.
 * ARGV[2] is the new value, ARGV[3] the TTL in ms. Returns `{ 1, value }` when acquired and
 * `{ 0, current value }` when another job holds it.
 */
export const ACQUIRE_SCRIPT = `
if redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[3]) then
  return { 1, ARGV[2] }
end

local current = redis.call('GET', KEYS[1])
if cjson.decode(current).jobId == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return { 1, ARGV[2] }
end
return { 0, current }
`;

/** Resets the TTL to ARGV[2] ms if the job still owns the lock. Returns 1 renewed, 0 gone, -1 owned by another job. */
export const RENEW_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if not current then
  return 0
end
if cjson.decode(current).jobId ~= ARGV[1] then
  return -1
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

/** Deletes the lock if the job still owns it. Returns 1 when deleted and 0 otherwise. */
export const RELEASE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).jobId == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;
