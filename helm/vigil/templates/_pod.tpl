{{/*
Pieces of the pod spec shared by the ingest, evaluator and notifier Deployments and the
standalone StatefulSet: identity, probes, and where the scheduler puts the pods. Each takes the
root context, except vigil.pod.topologySpread, which takes (dict "root" $ "component" "ingest").
*/}}

{{/*
The pod's ServiceAccount. vigil calls no Kubernetes API, so no token is mounted (Pod Security
"restricted" does not ask for this; a token nobody needs is still one to steal).
*/}}
{{- define "vigil.pod.identity" -}}
serviceAccountName: {{ include "vigil.serviceAccountName" . }}
automountServiceAccountToken: false
{{- end -}}

{{/*
Startup, liveness and readiness probes on the container port named http. The startup probe holds
the other two back until the server answers /health/live, so a slow start (Kafka, Redis, a
checkpoint restore, a long point log to replay) is not mistaken for a hung server.
*/}}
{{- define "vigil.pod.probes" -}}
{{- $scheme := include "vigil.access.scheme" . -}}
{{- range $kind := list "startup" "liveness" "readiness" }}
{{- $probe := index $.Values.probes $kind }}
{{ $kind }}Probe:
  httpGet:
    path: {{ $probe.path }}
    port: http
    scheme: {{ $scheme }}
  {{- with $probe.initialDelaySeconds }}
  initialDelaySeconds: {{ . }}
  {{- end }}
  periodSeconds: {{ $probe.periodSeconds }}
  timeoutSeconds: {{ $probe.timeoutSeconds }}
  failureThreshold: {{ $probe.failureThreshold }}
{{- end }}
{{- end -}}

{{/*
Spread one component's pods over the topologySpread.topologyKeys (zones, then nodes), so that a
zone or node going away takes as few replicas of a component as it can. matchLabelKeys keeps a
rolling update's new pods from counting the old ReplicaSet's.
*/}}
{{- define "vigil.pod.topologySpread" -}}
{{- $root := .root -}}
{{- $spread := $root.Values.topologySpread -}}
{{- if $root.Values.topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml $root.Values.topologySpreadConstraints | nindent 2 }}
{{- else if $spread.enabled }}
topologySpreadConstraints:
  {{- range $key := $spread.topologyKeys }}
  - maxSkew: {{ $spread.maxSkew }}
    topologyKey: {{ $key }}
    whenUnsatisfiable: {{ $spread.whenUnsatisfiable }}
    labelSelector:
      matchLabels:
        {{- include "vigil.selectorLabels" (dict "root" $root "component" $.component) | nindent 8 }}
    matchLabelKeys: [pod-template-hash]
  {{- end }}
{{- end }}
{{- end -}}

{{- define "vigil.pod.scheduling" -}}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
