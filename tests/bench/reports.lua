-- wrk script for tests/bench/intake.py: anonymous disaster reports, each with its own Idempotency-Key.
--
-- Run with one connection per wrk thread (-t N -c N, no pipelining): request() and response() then
-- alternate strictly in each thread, so the report in flight is this thread's `current`. A report is
-- retried with the same key and body on 429/502/503/504 or a reconnect (after a short back-off), and
-- put aside for 500 ms on 409 (its key is still leased by an attempt the kill -9 cut off) while the
-- thread goes on with new reports, as a connection standing for many phones would.
--
-- Environment: BENCH_WRK_RUN (a tag making keys unique across runs), BENCH_WRK_INTERVAL_MS (0: as
-- fast as answers come; else each connection starts a new report every so many ms, on a schedule a
-- late answer does not slow down), BENCH_WRK_OUT (the file done() writes every thread's outcome to).

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]])
local CLOCK_MONOTONIC = 1
local clock = ffi.new("bench_timespec")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local RETRY_SAME = { [429] = true, [502] = true, [503] = true, [504] = true }
local PARK_MS = 500

-- main state: number the threads and keep them for done()
local threads = {}

function setup(thread)
  thread:set("number", #threads)
  table.insert(threads, thread)
end

-- thread state
function init(args)
  run = os.getenv("BENCH_WRK_RUN") or "run"
  interval = tonumber(os.getenv("BENCH_WRK_INTERVAL_MS") or "0")
  connections = tonumber(os.getenv("BENCH_WRK_CONNECTIONS") or "1")
  math.randomseed(number + 1)
  counter = 0
  acked = {} -- ids of the reports answered 200
  retries = 0
  refused = 0
  first_refusal = ""
  parked = {} -- { due = ms, key = ..., body = ... }
  current = nil -- the report being sent until it is acknowledged (or parked)
  in_flight = false -- sent and not answered: a request() now is the reconnect's resend
  backoff = 0
  next_at = now_ms() + number * interval / connections -- spread the connections over one interval
end

local function new_report()
  counter = counter + 1
  local body = string.format(
    '{"hazard":"banjir","latitude":%.6f,"longitude":%.6f,"description":"bench %s %d-%d"}',
    0.55 + (math.random() - 0.5) * 0.02,
    123.06 + (math.random() - 0.5) * 0.02,
    run,
    number,
    counter
  )
  return { key = string.format("bench-%s-%d-%d", run, number, counter), body = body }
end

function delay()
  if current ~= nil then -- the same report again
    local wait = backoff
    backoff = 0
    return wait
  end
  if interval <= 0 then
    return 0
  end
  local wait = next_at - now_ms()
  next_at = next_at + interval
  return wait > 0 and math.floor(wait) or 0
end

function request()
  if current == nil then
    local now = now_ms()
    for index, report in ipairs(parked) do
      if report.due <= now then
        current = table.remove(parked, index)
        break
      end
    end
    current = current or new_report()
  elseif in_flight then -- the connection broke before an answer: resend on the new one
    retries = retries + 1
  end
  in_flight = true
  return wrk.format(
    "POST",
    "/v1/disaster/reports",
    { ["Content-Type"] = "application/json", ["Idempotency-Key"] = current.key },
    current.body
  )
end

function response(status, headers, body)
  in_flight = false
  if status == 200 then
    -- the report's own id is the answer's first member (a nested message's "id" is its language)
    table.insert(acked, body:match('^%s*{%s*"id"%s*:%s*"([^"]+)"') or "?")
    current = nil
  elseif status == 409 then
    retries = retries + 1
    current.due = now_ms() + PARK_MS
    table.insert(parked, current)
    current = nil
  elseif RETRY_SAME[status] then
    retries = retries + 1
    backoff = 20 + math.random(30)
  else
    refused = refused + 1
    if first_refusal == "" then
      first_refusal = status .. " " .. body:sub(1, 300):gsub("[\r\n]", " ")
    end
    current = nil
  end
end

-- main state, after the threads stopped: one line per fact, read by tests/bench/intake.py
function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("BENCH_WRK_OUT"), "w"))
  for _, thread in ipairs(threads) do
    for _, id in ipairs(thread:get("acked")) do
      out:write("ack ", id, "\n")
    end
    out:write("retries ", thread:get("retries"), "\n")
    out:write("refused ", thread:get("refused"), " ", thread:get("first_refusal"), "\n")
    local unfinished = thread:get("parked")
    local current = thread:get("current")
    if current ~= nil then
      table.insert(unfinished, current)
    end
    for _, report in ipairs(unfinished) do
      out:write("unfinished ", report.key, " ", report.body, "\n")
    end
  end
  out:close()
end
