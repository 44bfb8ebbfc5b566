-- For scripts/load: every request a filter no reader has asked for yet, so none is
-- served from a cache. Each request adds `&start=<date>` to the address, a different date
-- each time, all before 2013 (generate_events dates its events 2015 to 2025): the same
-- events match as without it, but the response, the counts and the density strip are
-- kept per filter, so each request computes all three afresh. Thread k of two takes the
-- days from 1900-01-01 + k * 20,000 on: distinct for up to 660 requests a second for 30 s.
dofile("scripts/load.lua")

local threads = 0

function setup(thread)
  thread:set("first", threads * 20000)
  threads = threads + 1
end

function init(args)
  day = 0
end

function request()
  local date = os.date("!%Y-%m-%d", (first + day % 20000 - 25567) * 86400)
  day = day + 1
  return wrk.format(nil, wrk.path .. "&start=" .. date)
end
