-- Records that a stale reservation's message was sent again (issue 20, F10): RESERVED or QUEUED becomes QUEUED,
-- with the send as its time, so the reconciler's next re-send waits a cutoff; never released for its age.
-- KEYS: 1 reservations   ARGV: 1 orderId, 2 the send (epoch ms)
-- Returns 1 when recorded, 0 when the reservation was claimed, released or lost meanwhile.
local entry = redis.call('HGET', KEYS[1], ARGV[1])
if not entry then
  return 0
end
local state, quantity, shard, user = string.match(entry, '^(%u+)|(%d+)|(%d+)|%d+|(.*)$')
if state ~= 'RESERVED' and state ~= 'QUEUED' then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], 'QUEUED|' .. quantity .. '|' .. shard .. '|' .. ARGV[2] .. '|' .. user)
return 1
