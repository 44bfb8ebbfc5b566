-- wrk's summary as one machine-readable line, for scripts/load to tabulate:
--   RESULT <requests/s> <p50 ms> <p99 ms> <errors> <requests>
-- errors: socket errors (connect, read, write, timeout) plus HTTP statuses of 400 and up.
-- (scripts/load checks each address answers 200 before it is loaded, which catches
-- redirects; a response() hook here would count every status but costs wrk the CPU the
-- server needs on a small machine.)
done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format("RESULT %.1f %.1f %.1f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    errors, summary.requests))
end
