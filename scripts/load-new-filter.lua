-- For scripts/load: every request a filter no reader has asked for yet, so none is
-- served from a cache. Each request adds `&start=<date>` to the address, a different date
-- each time, all long before any event (generate_events dates its events 2015 to 2025):
-- the same events match as without it, but the response, the counts and the time axis
-- are kept per filter, so each request computes them afresh.
-- `wrk ... -s scripts/load-new-filter.lua URL -- RUN` takes its dates from run RUN's own
-- range (0 for the warm-up, 1 for the measured run), so no run repeats another's: thread
-- k of two takes the days from 1000-01-01 + RUN * 100,000 + k * 20,000 on, distinct for
-- up to 660 requests a second for 30 s.
dofile("scripts/load.lua")

local threads = 0
local DAYS_1000_TO_1970 = 354285 -- from 1000-01-01 to 1970-01-01, proleptic Gregorian

function setup(thread)
  thread:set("first", threads * 20000)
  threads = threads + 1
end

function init(args)
  day = 0
  run = tonumber(args[1] or "0")
end

function request()
  local days = run * 100000 + first + day % 20000 - DAYS_1000_TO_1970
  day = day + 1
  return wrk.format(nil, wrk.path .. "&start=" .. os.date("!%Y-%m-%d", days * 86400))
end
