-- Argo CD health of a kafkaload.io KafkaLoad, from its kstatus conditions.
local hs = { status = "Progressing", message = "Waiting for the kafkaload operator" }

local function condition(conditions, type)
  if conditions == nil then
    return nil
  end
  for _, c in ipairs(conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

-- Ready=False reasons that need a change by someone, not time.
local failures = {
  InvalidSpec = true,
  RunFailed = true,
  ConnectionNotReady = true,
  SecretMissing = true,
  ClaimNotFound = true,
}

if obj.status == nil or obj.status.conditions == nil then
  return hs
end
local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end
if obj.spec ~= nil and obj.spec.suspend == true then
  hs.status = "Suspended"
  hs.message = "spec.suspend is true"
  return hs
end
local conditions = obj.status.conditions
local stalled = condition(conditions, "Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = stalled.message or stalled.reason
  return hs
end
local ready = condition(conditions, "Ready")
if ready ~= nil and ready.status == "False" and failures[ready.reason] then
  local connection = condition(conditions, "ConnectionReady")
  -- A connection not probed yet is a wait, not a failure.
  if not (ready.reason == "ConnectionNotReady" and connection ~= nil and connection.reason == "Probing") then
    hs.status = "Degraded"
    hs.message = ready.message or ready.reason
    return hs
  end
end
local reconciling = condition(conditions, "Reconciling")
if (reconciling ~= nil and reconciling.status == "True") or ready == nil or ready.status ~= "True" then
  hs.status = "Progressing"
  if ready ~= nil and ready.message ~= nil and ready.message ~= "" then
    hs.message = ready.message
  elseif reconciling ~= nil then
    hs.message = reconciling.message or reconciling.reason
  end
  return hs
end
hs.status = "Healthy"
hs.message = ready.message or ready.reason
return hs
