-- Gives an expired order's units back to the Redis copy, once per order id.
-- KEYS: 1 meta, 2 restocked, 3 stock:<shard>, 4 buyers   ARGV: 1 orderId, 2 quantity, 3 userId
-- Returns 1 when this call gave them back, 0 when an earlier call did or the sale is not in Redis (a cache that
-- lost it is rebuilt from DynamoDB, which already has the units back).
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then
  return 0
end
redis.call('EXPIRE', KEYS[2], 604800)
local quantity = tonumber(ARGV[2])
redis.call('INCRBY', KEYS[3], quantity)
local held = tonumber(redis.call('HGET', KEYS[4], ARGV[3]) or '0')
redis.call('HSET', KEYS[4], ARGV[3], tostring(math.max(0, held - quantity)))
return 1
