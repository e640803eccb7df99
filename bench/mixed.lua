-- wrk script for the load check: cycles through the request paths of a file
-- (one a line, its name given after `--`) and prints one RESULT line with p50,
-- p95, p99 and max (in microseconds) and the error counts. wrk counts every
-- answer of status 400 or more in errors.status, so no `response` function is
-- defined: one would make wrk buffer every body and take CPU from the server.
local paths, next_path = {}, 0

init = function(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  assert(#paths > 0, "no paths in " .. args[1])
end

request = function()
  next_path = next_path % #paths + 1
  return wrk.format(nil, paths[next_path])
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "RESULT p50=%d p95=%d p99=%d max=%d requests=%d seconds=%.3f status=%d "
      .. "connect=%d read=%d write=%d timeout=%d\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    summary.requests, summary.duration / 1e6, errors.status,
    errors.connect, errors.read, errors.write, errors.timeout))
end
