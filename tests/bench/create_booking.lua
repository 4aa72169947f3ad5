-- wrk: POST public bookings at unique future times (no conflicts), counting non-201 answers.
-- usage: wrk -s create_booking.lua URL -- SLUG SERVICE_ID PROVIDER_ID [EXTRA_JSON]
local threads = {}
local counter = 0


function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  slug, service, provider, extra = args[1], args[2], args[3], args[4]
  failures = 0
  path = "/api/v1/public/" .. slug .. "/bookings"
  base = (math.floor(os.time() / 900) + 2 * 96) * 900
end

request = function()
  counter = counter + 1
  -- from the day after tomorrow, a 15-minute step unique per thread and request; the script
  -- sets the business's booking horizon to its 10-year maximum
  local t = base + (id * 150000 + counter) * 900
  local body = string.format(
    '{"service_id":"%s","provider_id":"%s","start":"%s","client":{"name":"Bench Client","email":"bench@example.com"}%s}',
    service, provider, os.date("!%Y-%m-%dT%H:%M:%SZ", t), extra and (',"extra":' .. extra) or "")
  return wrk.format("POST", path, { ["Content-Type"] = "application/json" }, body)
end

response = function(status)
  if status ~= 201 then failures = failures + 1 end
end

function done(summary, latency, requests)
  local failed = 0
  for _, t in ipairs(threads) do failed = failed + t:get("failures") end
  io.write(string.format("non-201 answers: %d of %d\n", failed, summary.requests))
end
