-- Every request is a resident's phone that has not read this article yet: a browser User-Agent,
-- no cq_seen cookie yet (readership.policy: it is known by its address and User-Agent until the
-- site gives it one), and an address of its own, as the proxy in front reports it
-- (TRUSTED_PROXIES=127.0.0.1), so that each one counts and the per-address limit is paid for but
-- never reached. The addresses are numbered per wrk run (BENCH_RUN, from bench/run.py) and
-- thread (each thread runs its own copy of this script, with the same random numbers: random
-- addresses would repeat across threads).
local headers = {
  ["User-Agent"] = "Mozilla/5.0 (Linux; Android 13; V2219A) AppleWebKit/537.36 " ..
    "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
}
-- A browser that accepts gzip, as every browser does (bench/run.py: the "gzip" rows).
if os.getenv("BENCH_GZIP") == "1" then
  headers["Accept-Encoding"] = "gzip, deflate, br"
end

local threads = 0
function setup(thread)
  thread:set("first_octet", 1 + 2 * tonumber(os.getenv("BENCH_RUN") or "0") + threads)
  threads = threads + 1
end

local served = 0
function request()
  served = served + 1
  headers["X-Forwarded-For"] = string.format("%d.%d.%d.%d", first_octet,
    math.floor(served / 65536) % 256, math.floor(served / 256) % 256, served % 256)
  return wrk.format(nil, nil, headers)
end
