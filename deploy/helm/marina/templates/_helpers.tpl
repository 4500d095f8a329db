{{/* The chart name, or nameOverride. */}}
{{- define "marina.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The prefix of every object name: <release>-marina, or the release name when it already holds the chart name. */}}
{{- define "marina.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "marina.selectorLabels" -}}
app.kubernetes.io/name: {{ include "marina.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "marina.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "marina.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: marina
{{- end }}

{{- define "marina.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "marina.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
What the operator does in the namespaces it watches, and nothing more (docs/kubernetes-install.md, "What RBAC
grants"). No pods/exec: the operator talks to the agent in each member pod over HTTP. No wildcards.
*/}}
{{- define "marina.operatorRules" -}}
- apiGroups: ["marina.dev"]
  resources: ["databaseclusters", "databaseoperations"]
  verbs: ["get", "list", "watch", "patch", "update", "delete"]
# The control plane records the rolling updates it starts as DatabaseOperation resources, and deletes a released
# cluster's operations together (one delete by label).
- apiGroups: ["marina.dev"]
  resources: ["databaseoperations"]
  verbs: ["create", "deletecollection"]
- apiGroups: ["marina.dev"]
  resources: ["databaseclusters/status", "databaseoperations/status"]
  verbs: ["get", "patch", "update"]
# Owner references with blockOwnerDeletion on the members' objects need update on the owner's finalizers.
- apiGroups: ["marina.dev"]
  resources: ["databaseclusters/finalizers", "databaseoperations/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["pods", "persistentvolumeclaims", "services", "configmaps", "secrets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# A removed cluster's member objects that are left are deleted by label, one request per kind.
- apiGroups: [""]
  resources: ["pods", "persistentvolumeclaims", "configmaps", "secrets"]
  verbs: ["deletecollection"]
# The store keeps a cluster's events as Events: written, listed for marina's event view, deleted with the cluster.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["get", "list", "create", "patch", "delete", "deletecollection"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
{{- if .Values.rbac.serviceMonitors }}
# Watched like the cluster's other objects: each pass compares with the informer's copy, not a read.
- apiGroups: ["monitoring.coreos.com"]
  resources: ["servicemonitors"]
  verbs: ["get", "list", "watch", "create", "update", "delete"]
{{- end }}
{{- end }}

{{/*
Where gateways reach the operator's topology feed: controlPlaneUrl, or the chart's Service in the release namespace.
The operator appends /namespaces/<namespace> for each cluster's members.
*/}}
{{- define "marina.controlPlaneUrl" -}}
{{- if .Values.controlPlaneUrl }}
{{- .Values.controlPlaneUrl }}
{{- else }}
{{- printf "http://%s-operator.%s.svc:%d" (include "marina.fullname" .) .Release.Namespace (int .Values.httpPort) }}
{{- end }}
{{- end }}

{{/*
SERVICE_MONITORS: serviceMonitors (auto, true or false), but false whenever rbac.serviceMonitors is false, since the
operator may not write them then.
*/}}
{{- define "marina.serviceMonitors" -}}
{{- $wanted := toString .Values.serviceMonitors }}
{{- if not (has $wanted (list "auto" "true" "false")) }}
{{- fail (printf "serviceMonitors: '%s' is not one of auto, true, false" $wanted) }}
{{- end }}
{{- if not .Values.rbac.serviceMonitors }}
{{- if eq $wanted "true" }}
{{- fail "serviceMonitors: true needs rbac.serviceMonitors: true; without it the operator may not write ServiceMonitors" }}
{{- end }}
{{- "false" }}
{{- else }}
{{- $wanted }}
{{- end }}
{{- end }}

{{/*
The members' pull Secrets as the operator reads them: names separated by commas. Each entry is {name: ...}, as in
a pod's imagePullSecrets; a plain string is taken as a name too.
*/}}
{{- define "marina.memberImagePullSecrets" -}}
{{- $names := list }}
{{- range .Values.members.imagePullSecrets }}
{{- if kindIs "string" . }}
{{- $names = append $names . }}
{{- else if and (kindIs "map" .) .name }}
{{- $names = append $names .name }}
{{- else }}
{{- fail (printf "members.imagePullSecrets: %v is not a Secret; give entries such as {name: my-registry}" .) }}
{{- end }}
{{- end }}
{{- join "," $names }}
{{- end }}
