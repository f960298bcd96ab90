-- The authority refused a claimed reservation's units (the cache had offered units it no longer had): the
-- shopper's hold goes, the units do not come back (there were none). Once only: a redelivered order finds the
-- entry REJECTED and changes nothing.
-- KEYS: 1 buyers, 2 reservations   ARGV: 1 orderId, 2 userId, 3 quantity
local entry = redis.call('HGET', KEYS[2], ARGV[1])
if not entry or string.sub(entry, 1, 8) ~= 'CLAIMED|' then
  return 0
end
redis.call('HSET', KEYS[2], ARGV[1], 'REJECTED' .. string.sub(entry, 8))
if redis.call('HINCRBY', KEYS[1], ARGV[2], -tonumber(ARGV[3])) <= 0 then
  redis.call('HDEL', KEYS[1], ARGV[2])
end
return 1
