-- Each connection waits a random 0 to 2 x PAUSE_MS (args[1]) after each
-- answer before its next request: the baseline's load shaped like the paced
-- draft saves.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  pause = tonumber(args[1] or "0")
  math.randomseed(id)
end

function delay()
  if pause == 0 then return 0 end
  return math.random(0, 2 * pause)
end
