{{/*
One vigil service: a Deployment and its Service. Call with
(dict "root" $ "component" "evaluator"); the component's values are .Values.<component>.
Nothing is rendered when the component is disabled or standalone.enabled replaces the services.
*/}}
{{- define "vigil.component" -}}
{{- $root := .root -}}
{{- $name := .component -}}
{{- $c := index $root.Values $name -}}
{{- $fullname := printf "%s-%s" (include "vigil.fullname" $root) $name | trunc 63 | trimSuffix "-" -}}
{{- $selector := dict "root" $root "component" $name -}}
{{- if and $c.enabled (not $root.Values.standalone.enabled) }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "vigil.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ $name }}
spec:
  {{- /* Under KEDA the ScaledObject's HorizontalPodAutoscaler owns the replica count. */}}
  {{- if not (and $root.Values.autoscaling.enabled (has $name (list "evaluator" "notifier"))) }}
  replicas: {{ $c.replicaCount }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "vigil.selectorLabels" $selector | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "vigil.selectorLabels" $selector | nindent 8 }}
      annotations:
        # Roll the pods when their environment or the tasks change.
        checksum/env: {{ include (print $root.Template.BasePath "/configmap-env.yaml") $root | sha256sum }}
        {{- if eq $name "evaluator" }}
        checksum/tasks: {{ include (print $root.Template.BasePath "/configmap-tasks.yaml") $root | sha256sum }}
        {{- end }}
        {{- if has $name (list "notifier" "evaluator" "ingest") }}
        {{- include "vigil.handlers.checksums" $root | nindent 8 }}
        {{- end }}
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ $c.port | quote }}
        prometheus.io/path: /metrics
        {{- with $root.Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- include "vigil.pod.identity" $root | nindent 6 }}
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      # The service drains and commits within SHUTDOWN_TIMEOUT_MS of SIGTERM; leave it that long.
      terminationGracePeriodSeconds: {{ add (div $root.Values.shutdownTimeoutMs 1000) 5 }}
      containers:
        - name: {{ $name }}
          image: {{ include "vigil.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          # Arguments of the image's entry point (tini), which runs them as the container's process.
          args:
            {{- toYaml $c.args | nindent 12 }}
          ports:
            - name: http
              containerPort: {{ $c.port }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "vigil.fullname" $root }}-env
            {{- if eq $name "notifier" }}
            {{- include "vigil.handlers.envFrom" $root | nindent 12 }}
            {{- end }}
          env:
            - name: PORT
              value: {{ $c.port | quote }}
            - name: HOST
              value: "0.0.0.0"
            {{- include "vigil.access.env" (dict "root" $root "prefix" "") | nindent 12 }}
            {{- if $root.Values.redis.urlSecret.name }}
            - name: REDIS_URL
              valueFrom:
                secretKeyRef:
                  name: {{ $root.Values.redis.urlSecret.name }}
                  key: {{ $root.Values.redis.urlSecret.key }}
            {{- end }}
            {{- include "vigil.transport.env" $root | nindent 12 }}
            {{- if eq $name "evaluator" }}
            - name: EVALUATOR_GROUP_ID
              value: {{ $c.groupId | quote }}
            - name: TASKS_DIR
              value: {{ $root.Values.tasksMountPath | quote }}
            {{- end }}
            {{- if and (has $name (list "evaluator" "ingest")) (include "vigil.handlers.hasFile" $root) }}
            # Only the file's allowlist is read: the evaluator refuses at boot, and ingest with a 400
            # at definition, tasks naming a handler or sideload directory it refuses.
            - name: HANDLERS_CONFIG_FILE
              value: {{ include "vigil.handlers.filePath" $root | quote }}
            {{- end }}
            {{- if eq $name "notifier" }}
            {{- include "vigil.notifier.env" $root | nindent 12 }}
            {{- end }}
            {{- range $key, $value := $c.env }}
            - name: {{ $key }}
              value: {{ $value | quote }}
            {{- end }}
          {{- include "vigil.pod.probes" $root | nindent 10 }}
          resources:
            {{- toYaml $c.resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- include "vigil.transport.volumeMounts" $root | nindent 12 }}
            {{- include "vigil.access.volumeMounts" $root | nindent 12 }}
            {{- if eq $name "evaluator" }}
            - name: tasks
              mountPath: {{ $root.Values.tasksMountPath }}
              readOnly: true
            {{- end }}
            {{- if has $name (list "notifier" "evaluator" "ingest") }}
            {{- include "vigil.handlers.volumeMount" $root | nindent 12 }}
            {{- end }}
            {{- with $c.extraVolumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        # The root file system is read-only; Node and its libraries may still want a /tmp.
        - name: tmp
          emptyDir: {}
        {{- include "vigil.transport.volumes" $root | nindent 8 }}
        {{- include "vigil.access.volumes" $root | nindent 8 }}
        {{- if eq $name "evaluator" }}
        - name: tasks
          configMap:
            name: {{ include "vigil.fullname" $root }}-tasks
        {{- end }}
        {{- if has $name (list "notifier" "evaluator" "ingest") }}
        {{- include "vigil.handlers.volume" $root | nindent 8 }}
        {{- end }}
        {{- with $c.extraVolumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- include "vigil.pod.scheduling" $root | nindent 6 }}
      {{- include "vigil.pod.topologySpread" $selector | nindent 6 }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $fullname }}
  labels:
    {{- include "vigil.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ $name }}
spec:
  type: {{ $c.service.type }}
  selector:
    {{- include "vigil.selectorLabels" $selector | nindent 4 }}
  ports:
    - name: http
      port: {{ $c.service.port }}
      targetPort: http
      protocol: TCP
{{- end }}
{{- end -}}
