-- wrk -s report.lua: one machine-readable line after the run, for
-- http-bench.sh and soak-test.sh (wrk's own summary gives no p99 unless
-- asked with --latency, and rounds the counts):
--   RESULT requests duration_s req_per_s p99_ms connect read write timeout non_2xx_3xx
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.3f %.1f %.3f %d %d %d %d %d\n",
    summary.requests, summary.duration / 1e6,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(99) / 1000,
    e.connect, e.read, e.write, e.timeout, e.status))
end
