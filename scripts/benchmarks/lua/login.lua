-- POST /api/login from a new client address each time (the server trusts
-- 127.0.0.1 as a proxy), so per-address limits do not turn the load into
-- cheap 429s. args: "right" EMAIL PASSWORD, or "wrong" (unknown emails).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  mode, email, password = args[1], args[2], args[3] or "a wrong guess"
  counter = 0
end

function request()
  counter = counter + 1
  local ip = string.format("10.%d.%d.%d", id % 250, math.floor(counter / 250) % 250, counter % 250 + 1)
  local who = email
  if mode ~= "right" then
    who = string.format("nobody-%d-%d%%40example.com", id, counter)
  end
  local body = "input%5Bemail%5D=" .. who .. "&input%5Bpassword%5D=" .. password
  return wrk.format("POST", "/api/login", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
    ["X-Forwarded-For"] = ip,
  }, body)
end
