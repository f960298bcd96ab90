-- Gives a reservation back unless it was claimed; leaves a RELEASED tombstone so a late claim fails.
-- KEYS: 1 reservations, 2 buyers, 3 stock:<shard>
-- ARGV: 1 orderId, 2 the entry's rest (quantity|shard|reservedAtMillis|userId), written when the entry is gone
-- Returns 1 when this call released it, 0 when it was claimed (or released before), 2 when the cache had lost it
-- (restarted empty since): nothing is held there, and the tombstone keeps a late claim from counting it.
local entry = redis.call('HGET', KEYS[1], ARGV[1])
if not entry then
  redis.call('HSET', KEYS[1], ARGV[1], 'RELEASED|' .. ARGV[2])
  return 2
end
if string.sub(entry, 1, 9) ~= 'RESERVED|' then
  return 0
end
local rest = string.sub(entry, 10)
local quantity, shard, reservedAt, user = string.match(rest, '^(%d+)|(%d+)|(%d+)|(.*)$')
redis.call('HSET', KEYS[1], ARGV[1], 'RELEASED|' .. rest)
redis.call('INCRBY', KEYS[3], quantity)
redis.call('HINCRBY', KEYS[2], user, -tonumber(quantity))
return 1
