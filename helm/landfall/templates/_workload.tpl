{{/*
One Landfall service: ConfigMap (non-secret settings), Deployment, Service and PodDisruptionBudget.
Call with (dict "root" $ "component" "index-server" "values" .Values.index "storage" true
               "config" (include "..." $) "secretEnv" (include "..." $)).
*/}}
{{- define "landfall.workload" -}}
{{- $root := .root -}}
{{- $name := printf "%s-%s" (include "landfall.fullname" $root) .component | trunc 63 | trimSuffix "-" -}}
{{- $selector := include "landfall.selectorLabels" (dict "root" $root "component" .component) -}}
{{- $config := .config -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ $name }}
  labels:
    {{- include "landfall.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
data:
  {{- $config | nindent 2 }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  labels:
    {{- include "landfall.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  {{- if not .autoscaled }}
  replicas: {{ .values.replicas }}
  {{- end }}
  revisionHistoryLimit: 3
  selector:
    matchLabels:
      {{- $selector | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "landfall.labels" $root | nindent 8 }}
        app.kubernetes.io/component: {{ .component }}
      annotations:
        # Roll the pods when their configuration changes.
        checksum/config: {{ $config | sha256sum }}
        {{- with .values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      automountServiceAccountToken: false
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      terminationGracePeriodSeconds: 45
      containers:
        - name: {{ .component }}
          image: {{ include "landfall.image" (dict "root" $root "repository" .values.image.repository) | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ .values.port }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ $name }}
          env:
            {{- .secretEnv | nindent 12 }}
            {{- with .values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- include "landfall.probes" (dict "root" $root) | nindent 10 }}
          resources:
            {{- toYaml .values.resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.containerSecurityContext | nindent 12 }}
          volumeMounts:
            {{- include "landfall.volumeMounts" (dict "root" $root "storage" .storage) | nindent 12 }}
      volumes:
        {{- include "landfall.volumes" (dict "root" $root "storage" .storage) | nindent 8 }}
      {{- with .values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  labels:
    {{- include "landfall.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  type: {{ .serviceType | default "ClusterIP" }}
  {{- with .sessionAffinity }}
  sessionAffinity: {{ .type }}
  {{- if and (eq .type "ClientIP") .timeoutSeconds }}
  sessionAffinityConfig:
    clientIP:
      timeoutSeconds: {{ .timeoutSeconds }}
  {{- end }}
  {{- end }}
  selector:
    {{- $selector | nindent 4 }}
  ports:
    - name: http
      port: {{ .servicePort | default .values.port }}
      targetPort: http
      protocol: TCP
{{- if .values.pdb.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $name }}
  labels:
    {{- include "landfall.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  maxUnavailable: {{ .values.pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- $selector | nindent 6 }}
{{- end }}
{{- end -}}
