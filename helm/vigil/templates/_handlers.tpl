{{/*
The alert handler configuration shared by the notifier and the standalone server
(docs/handlers.md): a JSON file (HANDLERS_CONFIG_FILE / --handlers-config) from a ConfigMap and
VIGIL_* variables from Secrets. Each helper takes the root context.
*/}}

{{/* "true" when a handler configuration file is mounted. */}}
{{- define "vigil.handlers.hasFile" -}}
{{- if or .Values.handlers.existingConfigMap .Values.handlers.config }}true{{ end -}}
{{- end -}}

{{- define "vigil.handlers.configMapName" -}}
{{- default (printf "%s-handlers" (include "vigil.fullname" .)) .Values.handlers.existingConfigMap -}}
{{- end -}}

{{- define "vigil.handlers.fileKey" -}}
{{- if .Values.handlers.existingConfigMap }}{{ .Values.handlers.existingConfigMapKey }}{{ else }}handlers.json{{ end -}}
{{- end -}}

{{/* Path of the mounted file inside the container. */}}
{{- define "vigil.handlers.filePath" -}}
{{- printf "%s/%s" (trimSuffix "/" .Values.handlers.mountPath) (include "vigil.handlers.fileKey" .) -}}
{{- end -}}

{{- define "vigil.handlers.secretName" -}}
{{- printf "%s-handlers" (include "vigil.fullname" .) -}}
{{- end -}}

{{/* envFrom entries: the chart's Secret of secretEnv and the existingSecret, when given. */}}
{{- define "vigil.handlers.envFrom" -}}
{{- if .Values.handlers.secretEnv }}
- secretRef:
    name: {{ include "vigil.handlers.secretName" . }}
{{- end }}
{{- with .Values.handlers.existingSecret }}
- secretRef:
    name: {{ . }}
{{- end }}
{{- end -}}

{{- define "vigil.handlers.volumeMount" -}}
{{- if include "vigil.handlers.hasFile" . }}
- name: handlers
  mountPath: {{ .Values.handlers.mountPath }}
  readOnly: true
{{- end }}
{{- end -}}

{{- define "vigil.handlers.volume" -}}
{{- if include "vigil.handlers.hasFile" . }}
- name: handlers
  configMap:
    name: {{ include "vigil.handlers.configMapName" . }}
    items:
      - key: {{ include "vigil.handlers.fileKey" . }}
        path: {{ include "vigil.handlers.fileKey" . }}
{{- end }}
{{- end -}}

{{/*
Pod annotations that roll the pods when the chart's handler ConfigMap or Secret changes (an
existingConfigMap or existingSecret is not watched: restart the pods after changing one).
*/}}
{{- define "vigil.handlers.checksums" -}}
checksum/handlers: {{ include (print .Template.BasePath "/configmap-handlers.yaml") . | sha256sum }}
checksum/handler-secrets: {{ include (print .Template.BasePath "/secret-handlers.yaml") . | sha256sum }}
{{- end -}}
