-- Gives a reservation back unless it was claimed; leaves a RELEASED tombstone so a late claim fails.
-- KEYS: 1 reservations, 2 buyers, 3 stock:<shard>   ARGV: 1 orderId
-- Returns 1 when this call released it, 0 otherwise.
local entry = redis.call('HGET', KEYS[1], ARGV[1])
if not entry or string.sub(entry, 1, 9) ~= 'RESERVED|' then
  return 0
end
local rest = string.sub(entry, 10)
local quantity, shard, reservedAt, user = string.match(rest, '^(%d+)|(%d+)|(%d+)|(.*)$')
redis.call('HSET', KEYS[1], ARGV[1], 'RELEASED|' .. rest)
redis.call('INCRBY', KEYS[3], quantity)
redis.call('HINCRBY', KEYS[2], user, -tonumber(quantity))
return 1
