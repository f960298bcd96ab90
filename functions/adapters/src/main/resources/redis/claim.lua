-- Marks a reservation (RESERVED, or QUEUED: its message sent again) as becoming an order.
-- KEYS: 1 reservations   ARGV: 1 orderId
-- Returns 0 only for a released reservation. An unknown one (a cache that lost it) is left to the authoritative
-- stock to judge, so it returns 1.
local entry = redis.call('HGET', KEYS[1], ARGV[1])
if not entry then
  return 1
end
if string.sub(entry, 1, 9) == 'RELEASED|' then
  return 0
end
if string.sub(entry, 1, 9) == 'RESERVED|' then
  redis.call('HSET', KEYS[1], ARGV[1], 'CLAIMED|' .. string.sub(entry, 10))
elseif string.sub(entry, 1, 7) == 'QUEUED|' then
  redis.call('HSET', KEYS[1], ARGV[1], 'CLAIMED|' .. string.sub(entry, 8))
end
return 1
