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

{{/* The operator's rules on the namespaces it watches: explicit verbs, never "*". */}}
{{- define "kafkaload.operatorRules" -}}
- apiGroups: [kafkaload.io]
  resources: [kafkaloads, kafkaconnections]
  verbs: [get, list, watch]
- apiGroups: [kafkaload.io]
  resources: [kafkaloads/status, kafkaconnections/status]
  verbs: [get, patch, update]
# Owner references with blockOwnerDeletion on the children.
- apiGroups: [kafkaload.io]
  resources: [kafkaloads/finalizers]
  verbs: [update]
- apiGroups: [batch]
  resources: [jobs]
  verbs: [get, list, watch, create, delete]
- apiGroups: [batch]
  resources: [cronjobs]
  verbs: [get, list, watch, create, update, delete]
- apiGroups: [apps]
  resources: [deployments]
  verbs: [get, list, watch, create, update, delete]
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list, watch, create, update]
- apiGroups: [""]
  resources: [persistentvolumeclaims]
  verbs: [get, create, patch]
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list]
# Only the Secrets a KafkaConnection names, read one by one: no list, no watch.
- apiGroups: [""]
  resources: [secrets]
  verbs: [get]
- apiGroups: [""]
  resources: [events]
  verbs: [create]
{{- end }}
