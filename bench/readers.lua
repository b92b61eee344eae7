-- Every request is a resident's phone that keeps cookies and has not read this article yet: a
-- browser User-Agent and a cq_seen cookie naming only an old view, so that each one counts.
local headers = {
  ["User-Agent"] = "Mozilla/5.0 (Linux; Android 13; V2219A) AppleWebKit/537.36 " ..
    "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
  ["Cookie"] = "cq_seen=1.1",
}

function request()
  return wrk.format(nil, nil, headers)
end
