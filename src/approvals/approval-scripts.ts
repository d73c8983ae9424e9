/**
 * Records a decision atomically. KEYS[1] is the approval hash. ARGV: decision time in epoch ms,
 * verdict, decider's user id, break-glass reason ('' for none). Returns `{ outcome, HGETALL }`,
 * where outcome is `decided`, `already-decided`, `expired` or `not-found` (with an empty list).
 * An approval found pending past its expiry is marked `expired`, so later calls return `expired` too.
 */
export const DECIDE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  return { 'not-found', {} }
end

local status = redis.call('HGET', KEYS[1], 'status')
if status == 'expired' then
  return { 'expired', redis.call('HGETALL', KEYS[1]) }
end
if status ~= 'pending' then
  return { 'already-decided', redis.call('HGETALL', KEYS[1]) }
end

local expiresAtMs = tonumber(redis.call('HGET', KEYS[1], 'expiresAtMs'))
if expiresAtMs <= tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[1], 'status', 'expired')
  return { 'expired', redis.call('HGETALL', KEYS[1]) }
end

redis.call('HSET', KEYS[1], 'status', ARGV[2], 'verdict', ARGV[2], 'decidedBy', ARGV[3], 'decidedAtMs', ARGV[1])
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[1], 'breakGlassReason', ARGV[4])
end
return { 'decided', redis.call('HGETALL', KEYS[1]) }
`;

/**
 * Stores the approval message's channel and timestamp only if the approval still exists, so a late
 * call cannot recreate an expired key without a TTL. KEYS[1] is the hash, and ARGV holds the channel and ts.
 * Returns 1 when stored and 0 when the approval is gone.
 */
export const ATTACH_MESSAGE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'messageChannel', ARGV[1], 'messageTs', ARGV[2])
return 1
`;
