{{/* Chart name, at most 63 characters. */}}
{{- define "kafkaload.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: the release name when it already contains the chart name. */}}
{{- define "kafkaload.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "kafkaload.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "kafkaload.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kafkaload
{{- end }}

{{/* Labels that select the operator's pods. */}}
{{- define "kafkaload.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kafkaload.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{/* The operator's service account. */}}
{{- define "kafkaload.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kafkaload.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The worker pods' default service account ("" = the namespace's default). */}}
{{- define "kafkaload.workerServiceAccountName" -}}
{{- if .Values.worker.serviceAccount.name }}
{{- .Values.worker.serviceAccount.name }}
{{- else if and .Values.watchNamespaces .Values.worker.serviceAccount.create }}
{{- "kafkaload-worker" }}
{{- end }}
{{- end }}

{{- define "kafkaload.operatorImage" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "kafkaload.workerImage" -}}
{{- printf "%s:%s" .Values.worker.image.repository (default .Chart.AppVersion .Values.worker.image.tag) }}
{{- end }}

{{/*
The operator's rules on the namespaces it watches: explicit verbs, never "*", each for a request
the operator makes (RbacConformanceTest evaluates every request of the operator test suite, and
OperatorProcessIT those of the packaged operator, against these rules).
*/}}
{{- define "kafkaload.operatorRules" -}}
# Its custom resources: informers list and watch them; get reads one.
- apiGroups: [kafkaload.io]
  resources: [kafkaloads, kafkaconnections]
  verbs: [get, list, watch]
# Status only, always with a patch; the operator never writes a spec, creates or deletes one.
- apiGroups: [kafkaload.io]
  resources: [kafkaloads/status, kafkaconnections/status]
  verbs: [patch]
# Children carry owner references with blockOwnerDeletion, which the API server's
# OwnerReferencesPermissionEnforcement admission allows only with update on the owner's finalizers.
- apiGroups: [kafkaload.io]
  resources: [kafkaloads/finalizers]
  verbs: [update]
# Batch runs: informers (list, watch), a Job looked up by name when its result is unknown (get),
# created once per spec hash, older ones deleted. Never updated: a Job's template is immutable.
- apiGroups: [batch]
  resources: [jobs]
  verbs: [get, list, watch, create, delete]
# Scheduled loads: one CronJob per load, replaced when its spec hash changes (get + update),
# deleted on a mode switch.
- apiGroups: [batch]
  resources: [cronjobs]
  verbs: [get, list, watch, create, update, delete]
# Streaming loads: one Deployment per load, replaced when its spec hash changes, deleted on a
# mode switch.
- apiGroups: [apps]
  resources: [deployments]
  verbs: [get, list, watch, create, update, delete]
# The worker config of each load: created, replaced when it changes; never deleted (owner
# references let the garbage collector do it).
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list, watch, create, update]
# A load's offsets claim: looked up, created, its owner reference patched with retentionPolicy.
- apiGroups: [""]
  resources: [persistentvolumeclaims]
  verbs: [get, create, patch]
# The run report in a finished Job's pods (termination message), found by label: list only.
- apiGroups: [""]
  resources: [pods]
  verbs: [list]
# Events on transitions (RunSucceeded, InvalidSpec, ...).
- apiGroups: [""]
  resources: [events]
  verbs: [create]
{{- end }}

{{/*
Reading the Secrets a KafkaConnection or a load names, one by one (key names for the checks,
values for the connection probe): get only, never list or watch.
*/}}
{{- define "kafkaload.secretRules" -}}
- apiGroups: [""]
  resources: [secrets]
  verbs: [get]
{{- end }}
