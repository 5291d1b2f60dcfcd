{{/*
Kafka and Redis security for the ingest, evaluator and notifier pods (docs/configuration.md,
"Kafka security" and "Redis security"). Non-secret settings are in the env ConfigMap; passwords,
keys and certificates come from existing Secrets (cert-manager's keys by default: ca.crt,
tls.crt, tls.key), mounted read-only as files and named by the *_FILE variables, so no secret
value is ever in the pod spec or a ConfigMap.
*/}}

{{- define "vigil.transport.env" -}}
{{- $k := .Values.kafka -}}
{{- $r := .Values.redis -}}
{{- if $k.sasl.existingSecret }}
- name: KAFKA_SASL_PASSWORD_FILE
  value: /etc/vigil/kafka-sasl/{{ $k.sasl.passwordKey }}
{{- end }}
{{- if $k.tls.existingSecret }}
{{- if $k.tls.caKey }}
- name: KAFKA_SSL_CA_FILE
  value: /etc/vigil/kafka-tls/{{ $k.tls.caKey }}
{{- end }}
{{- if $k.tls.certKey }}
- name: KAFKA_SSL_CERT_FILE
  value: /etc/vigil/kafka-tls/{{ $k.tls.certKey }}
- name: KAFKA_SSL_KEY_FILE
  value: /etc/vigil/kafka-tls/{{ required "kafka.tls.keyKey is required with kafka.tls.certKey" $k.tls.keyKey }}
{{- end }}
{{- end }}
{{- if $r.passwordSecret.name }}
- name: REDIS_PASSWORD_FILE
  value: /etc/vigil/redis-password/{{ $r.passwordSecret.key }}
{{- end }}
{{- if $r.tls.existingSecret }}
{{- if $r.tls.caKey }}
- name: REDIS_TLS_CA_FILE
  value: /etc/vigil/redis-tls/{{ $r.tls.caKey }}
{{- end }}
{{- if $r.tls.certKey }}
- name: REDIS_TLS_CERT_FILE
  value: /etc/vigil/redis-tls/{{ $r.tls.certKey }}
- name: REDIS_TLS_KEY_FILE
  value: /etc/vigil/redis-tls/{{ required "redis.tls.keyKey is required with redis.tls.certKey" $r.tls.keyKey }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "vigil.transport.volumeMounts" -}}
{{- range $mount := include "vigil.transport.secrets" . | fromYamlArray }}
- name: {{ $mount.volume }}
  mountPath: /etc/vigil/{{ $mount.volume }}
  readOnly: true
{{- end }}
{{- end -}}

{{- define "vigil.transport.volumes" -}}
{{- range $mount := include "vigil.transport.secrets" . | fromYamlArray }}
- name: {{ $mount.volume }}
  secret:
    secretName: {{ $mount.secret }}
    # Readable by the pod's fsGroup (values: podSecurityContext), not by others.
    defaultMode: 0440
{{- end }}
{{- end -}}

{{/* The Secrets to mount, as a YAML list of {volume, secret}: one place for mounts and volumes. */}}
{{- define "vigil.transport.secrets" -}}
{{- $secrets := list -}}
{{- with .Values.kafka.sasl.existingSecret }}{{ $secrets = append $secrets (dict "volume" "kafka-sasl" "secret" .) }}{{ end -}}
{{- with .Values.kafka.tls.existingSecret }}{{ $secrets = append $secrets (dict "volume" "kafka-tls" "secret" .) }}{{ end -}}
{{- with .Values.redis.passwordSecret.name }}{{ $secrets = append $secrets (dict "volume" "redis-password" "secret" .) }}{{ end -}}
{{- with .Values.redis.tls.existingSecret }}{{ $secrets = append $secrets (dict "volume" "redis-tls" "secret" .) }}{{ end -}}
{{- toYaml $secrets -}}
{{- end -}}
