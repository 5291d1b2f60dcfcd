{{/*
The notifier's own variables (apps/notifier/src/config.ts, docs/configuration.md), from
.Values.notifier and .Values.handlers. Numbers go through int64 so that large values are not
written in exponent form (YAML numbers reach templates as floats: 3600000 would be "3.6e+06").
*/}}
{{- define "vigil.notifier.env" -}}
{{- $n := .Values.notifier -}}
{{- if lt (int64 $n.delivery.maxBackoffMs) (int64 $n.delivery.initialBackoffMs) }}
{{- fail "notifier.delivery.maxBackoffMs must not be below notifier.delivery.initialBackoffMs" }}
{{- end }}
- name: NOTIFIER_GROUP_ID
  value: {{ $n.groupId | quote }}
- name: DEAD_LETTER_TOPIC
  value: {{ $n.deadLetterTopic | quote }}
- name: REDIS_KEY_PREFIX
  value: {{ $n.redisKeyPrefix | quote }}
- name: LEDGER_TTL_SECONDS
  value: {{ int64 $n.ledgerTtlSeconds | quote }}
- name: DELIVERY_MAX_ATTEMPTS
  value: {{ int64 $n.delivery.maxAttempts | quote }}
- name: DELIVERY_MAX_AGE_MS
  value: {{ int64 $n.delivery.maxAgeMs | quote }}
- name: DELIVERY_INITIAL_BACKOFF_MS
  value: {{ int64 $n.delivery.initialBackoffMs | quote }}
- name: DELIVERY_MAX_BACKOFF_MS
  value: {{ int64 $n.delivery.maxBackoffMs | quote }}
- name: DELIVERY_MAX_IN_FLIGHT
  value: {{ int64 $n.delivery.maxInFlight | quote }}
- name: DELIVERY_MAX_IN_FLIGHT_PER_ORIGIN
  value: {{ int64 $n.delivery.maxInFlightPerOrigin | quote }}
- name: NOTIFIER_MAX_PENDING
  value: {{ int64 $n.maxPending | quote }}
- name: NOTIFIER_COMMIT_INTERVAL_MS
  value: {{ int64 $n.commitIntervalMs | quote }}
- name: NOTIFIER_SESSION_TIMEOUT_MS
  value: {{ int64 $n.sessionTimeoutMs | quote }}
{{- if include "vigil.handlers.hasFile" . }}
- name: HANDLERS_CONFIG_FILE
  value: {{ include "vigil.handlers.filePath" . | quote }}
{{- end }}
{{- end -}}
