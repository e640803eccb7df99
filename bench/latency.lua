-- wrk prints p50 and p95 (in microseconds) and the error counts on one line.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "RESULT p50=%d p95=%d requests=%d seconds=%.3f non2xx=%d socket_errors=%d\n",
    latency:percentile(50), latency:percentile(95), summary.requests,
    summary.duration / 1e6, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
