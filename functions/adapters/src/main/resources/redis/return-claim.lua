-- The authority refused a claimed reservation over the buyer's per-user limit (the cache had lost the buyer's
-- hold: a failover that lost the last writes, a stock sync with orders queued). The authority took no unit for it,
-- so its units go back on offer here and the shopper's hold of them goes. Once only: a redelivered order finds the
-- entry REJECTED and changes nothing.
-- KEYS: 1 buyers, 2 reservations, 3 stock:<shard>   ARGV: 1 orderId, 2 userId, 3 quantity
local entry = redis.call('HGET', KEYS[2], ARGV[1])
if not entry or string.sub(entry, 1, 8) ~= 'CLAIMED|' then
  return 0
end
redis.call('HSET', KEYS[2], ARGV[1], 'REJECTED' .. string.sub(entry, 8))
redis.call('INCRBY', KEYS[3], tonumber(ARGV[3]))
if redis.call('HINCRBY', KEYS[1], ARGV[2], -tonumber(ARGV[3])) <= 0 then
  redis.call('HDEL', KEYS[1], ARGV[2])
end
return 1
