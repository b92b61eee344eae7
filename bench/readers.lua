-- Every request is a resident's phone that keeps cookies and has not read this article yet: a
-- browser User-Agent and a cq_seen cookie naming only an old view, so that each one counts. Each
-- comes from an address of its own, as the proxy in front reports it (TRUSTED_PROXIES=127.0.0.1),
-- so that the per-address limit is paid for but never reached.
local headers = {
  ["User-Agent"] = "Mozilla/5.0 (Linux; Android 13; V2219A) AppleWebKit/537.36 " ..
    "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
  ["Cookie"] = "cq_seen=1.1",
}
-- A browser that accepts gzip, as every browser does (bench/run.py: the "gzip" rows).
if os.getenv("BENCH_GZIP") == "1" then
  headers["Accept-Encoding"] = "gzip, deflate, br"
end

function request()
  headers["X-Forwarded-For"] = string.format("10.%d.%d.%d",
    math.random(0, 255), math.random(0, 255), math.random(1, 254))
  return wrk.format(nil, nil, headers)
end
