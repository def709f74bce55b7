-- Each connection waits PAUSE_MS (args[1]) after each answer before its next
-- request: the baseline's load shaped like the paced draft saves.
function init(args)
  pause = tonumber(args[1] or "0")
end

function delay()
  return pause
end
