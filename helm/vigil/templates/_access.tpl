{{/*
Who may call vigil's HTTP routes, and over what (docs/security.md): the credentials Secret, the
insecure switch, metrics access and the TLS Secret, as environment, volume mounts and volumes.
Call each with (dict "root" $ "prefix" "") for the services or (dict "root" $ "prefix" "VIGIL_")
for vigil serve, which reads VIGIL_* variables.
*/}}

{{/* Stops the render when a server that takes writes or task changes would run without credentials. */}}
{{- define "vigil.access.check" -}}
{{- if and (not .Values.auth.existingSecret) (not .Values.auth.insecure) -}}
{{- fail "auth.existingSecret is not set: ingest and the standalone server refuse to run without credentials beyond loopback. Create a Secret with a credentials file (vigil auth token / vigil auth hash; docs/security.md) and set auth.existingSecret, or set auth.insecure=true to accept that anything reaching the Services can write points and define tasks." -}}
{{- end -}}
{{- if not (has .Values.auth.metrics (list "open" "required")) -}}
{{- fail (printf "auth.metrics must be open or required, not %v" .Values.auth.metrics) -}}
{{- end -}}
{{- end -}}

{{- define "vigil.access.env" -}}
{{- $root := .root -}}
{{- $prefix := .prefix -}}
{{- with $root.Values.auth.existingSecret }}
- name: {{ $prefix }}AUTH_FILE
  value: {{ printf "/etc/vigil/auth/%s" $root.Values.auth.existingSecretKey | quote }}
{{- end }}
{{- if $root.Values.auth.insecure }}
- name: {{ $prefix }}INSECURE
  value: "true"
{{- end }}
- name: {{ $prefix }}METRICS_AUTH
  value: {{ $root.Values.auth.metrics | quote }}
{{- if $root.Values.tls.existingSecret }}
- name: {{ $prefix }}TLS_CERT_FILE
  value: /etc/vigil/tls/tls.crt
- name: {{ $prefix }}TLS_KEY_FILE
  value: /etc/vigil/tls/tls.key
{{- end }}
{{- end -}}

{{- define "vigil.access.volumeMounts" -}}
{{- if .Values.auth.existingSecret }}
- name: auth
  mountPath: /etc/vigil/auth
  readOnly: true
{{- end }}
{{- if .Values.tls.existingSecret }}
- name: tls
  mountPath: /etc/vigil/tls
  readOnly: true
{{- end }}
{{- end -}}

{{- define "vigil.access.volumes" -}}
{{- with .Values.auth.existingSecret }}
- name: auth
  secret:
    secretName: {{ . }}
{{- end }}
{{- with .Values.tls.existingSecret }}
- name: tls
  secret:
    secretName: {{ . }}
{{- end }}
{{- end -}}

{{/* HTTP or HTTPS, for the probes. */}}
{{- define "vigil.access.scheme" -}}
{{- if .Values.tls.existingSecret }}HTTPS{{ else }}HTTP{{ end -}}
{{- end -}}
