-- A live sale's replacement on the copy (issue 20, F7), in one atomic step: the change from the stock the copy was
-- last given (meta's stock) to the new stock is added to what the shards hold now, spread over the new shard
-- count, so no reservation made before or after is undone; the definition is written in the same step. A retry
-- finds meta's stock already the new one and adds nothing.
-- KEYS: 1 meta, 2.. stock:<shard> (every shard of the old and of the new sale)
-- ARGV: 1 old stock (for a copy written before meta kept its stock), 2 new stock, 3 new shards, 4 startsAt,
--       5 endsAt (epoch ms), 6 per-user limit
-- Returns the units now on offer, or -1 when the copy does not hold the sale (its restore reads the authority).
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
local given = tonumber(redis.call('HGET', KEYS[1], 'stock') or ARGV[1])
local shards = tonumber(ARGV[3])
local remaining = 0
for i = 2, #KEYS do
  remaining = remaining + math.max(0, tonumber(redis.call('GET', KEYS[i]) or '0'))
end
local target = math.max(0, remaining + tonumber(ARGV[2]) - given)
for shard = 0, #KEYS - 2 do
  if shard < shards then
    local units = math.floor(target / shards)
    if shard < target % shards then
      units = units + 1
    end
    redis.call('SET', KEYS[2 + shard], tostring(units))
  else
    redis.call('DEL', KEYS[2 + shard])
  end
end
redis.call('HSET', KEYS[1], 'stock', ARGV[2], 'shards', ARGV[3], 'startsAt', ARGV[4], 'endsAt', ARGV[5],
  'limit', ARGV[6])
return target
