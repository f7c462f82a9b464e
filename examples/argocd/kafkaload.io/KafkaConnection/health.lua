-- Argo CD health of a kafkaload.io KafkaConnection, from its Ready condition.
local hs = { status = "Progressing", message = "Waiting for the first probe" }

-- Ready=False reasons that need a change (a Secret, the spec, the cluster), not time.
local failures = {
  InvalidSpec = true,
  SecretMissing = true,
  AuthenticationFailed = true,
  Unreachable = true,
}

if obj.status == nil or obj.status.conditions == nil then
  return hs
end
local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.message = "Waiting for the operator to probe generation " .. generation
  return hs
end
local ready = nil
for _, c in ipairs(obj.status.conditions) do
  if c.type == "Ready" then
    ready = c
  end
end
if ready == nil then
  return hs
end
if ready.status == "True" then
  hs.status = "Healthy"
elseif ready.status == "False" and failures[ready.reason] then
  hs.status = "Degraded"
end
hs.message = ready.message or ready.reason
return hs
