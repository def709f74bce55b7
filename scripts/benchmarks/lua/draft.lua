-- Each wrk thread is one logged-in merchant saving their draft over and
-- over, carrying the version each answer returns. args: COOKIE_FILE (one
-- "name=value<TAB>version" per line: a session cookie and the draft's
-- current version; thread N uses line N) [PAUSE_MS: the merchant waits this
-- long after each answer before saving again; 0, the default, saturates].
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  local n = 0
  for line in io.lines(args[1]) do
    n = n + 1
    if n == id then
      cookie, version = line:match("^([^\t]+)\t(%d+)$")
      version = tonumber(version)
    end
  end
  saves = 0
  pause = tonumber(args[2] or "0")
  math.randomseed(id)
end

-- Each pause is drawn between 0 and twice PAUSE_MS, so the merchants do not
-- all save in the same instant (their autosaves are not synchronised).
function delay()
  if pause == 0 then return 0 end
  return math.random(0, 2 * pause)
end

function request()
  saves = saves + 1
  local body = string.format(
    "input%%5Bversion%%5D=%d&input%%5Bstep%%5D=details&input%%5Brole_selected%%5D=true"
      .. "&input%%5Bdetails%%5D%%5Bcompany_name%%5D=Bench+Co+%d", version, saves)
  return wrk.format("POST", "/api/save_draft", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
    ["Cookie"] = cookie,
  }, body)
end

function response(status, headers, body)
  local v = body:match('"version":(%d+)')
  if v then version = tonumber(v) end
  if status ~= 200 then failed = (failed or 0) + 1 end
end
