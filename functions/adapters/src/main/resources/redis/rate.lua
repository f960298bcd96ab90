-- A token bucket as the generic cell rate algorithm. KEYS: 1 the bucket
-- ARGV: 1 now (ms), 2 interval (ms per token), 3 tolerance (ms: a full bucket less one interval)
-- Returns 0 when allowed, else the seconds to wait.
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local tolerance = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then
  tat = now
end
if tat - now > tolerance then
  return math.ceil((tat - now - tolerance) / 1000)
end
local next = tat + interval
redis.call('SET', KEYS[1], tostring(next), 'PX', math.ceil(next - now) + 1000)
return 0
