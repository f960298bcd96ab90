-- The whole admission decision in one atomic step.
-- KEYS: 1 meta, 2 buyers, 3 reservations, 4 answer:<orderId>, 5.. stock:<shard> (every shard of the sale)
-- ARGV: 1 userId, 2 quantity, 3 orderId, 4 now (epoch ms), 5 first shard to try
-- Returns RESERVED|<shard>, SOLD_OUT, LIMIT, NOT_OPEN, UNKNOWN_SALE or RESTORING (a sale rebuilt after a loss,
-- closed until the orders admitted before the loss are counted; not remembered); a repeated order id gets
-- EXISTS|<its reservation entry> when it reserved (the entry's state now: a reservation given back since answers
-- as ended, never as reserved again), else its first answer (a retried request never reserves twice).
local existing = redis.call('HGET', KEYS[3], ARGV[3])
if existing then
  return 'EXISTS|' .. existing
end
local first = redis.call('GET', KEYS[4])
if first then
  return first
end
local meta = redis.call('HMGET', KEYS[1], 'startsAt', 'endsAt', 'limit', 'restoredAt')
if not meta[1] then
  return 'UNKNOWN_SALE'
end
local now = tonumber(ARGV[4])
local answer
if now < tonumber(meta[1]) or now >= tonumber(meta[2]) then
  answer = 'NOT_OPEN'
elseif meta[4] then
  return 'RESTORING'
else
  local quantity = tonumber(ARGV[2])
  local held = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
  if held + quantity > tonumber(meta[3]) then
    answer = 'LIMIT'
  else
    answer = 'SOLD_OUT'
    local shards = #KEYS - 4
    local start = tonumber(ARGV[5]) % shards
    for i = 0, shards - 1 do
      local shard = (start + i) % shards
      local key = KEYS[5 + shard]
      if tonumber(redis.call('GET', key) or '0') >= quantity then
        redis.call('DECRBY', key, quantity)
        redis.call('HINCRBY', KEYS[2], ARGV[1], quantity)
        redis.call('HSET', KEYS[3], ARGV[3],
          'RESERVED|' .. quantity .. '|' .. shard .. '|' .. ARGV[4] .. '|' .. ARGV[1])
        answer = 'RESERVED|' .. shard
        break
      end
    end
  end
end
redis.call('SET', KEYS[4], answer, 'EX', 300)
return answer
