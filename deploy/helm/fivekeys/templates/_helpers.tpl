{{/*
Shared names and labels. The templates use a deliberately small subset of Helm (values, if/else,
and/or/not/eq, include, default, printf, quote, toYaml, indent/nindent, sha256sum): there is no
helm binary in this project's CI, so test/deploy/helm-render.ts renders exactly that subset.
*/}}

{{- define "fivekeys.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride -}}
{{- end -}}

{{- define "fivekeys.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "fivekeys.labels" -}}
{{ include "fivekeys.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "fivekeys.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "fivekeys.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "fivekeys.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "fivekeys.claimName" -}}
{{- default (printf "%s-data" (include "fivekeys.fullname" .)) .Values.database.persistence.existingClaim -}}
{{- end -}}
