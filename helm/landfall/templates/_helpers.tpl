{{/* Chart name. */}}
{{- define "landfall.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Resource name prefix: <release>-<chart> unless the release name already contains the chart name. */}}
{{- define "landfall.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Labels on every resource. */}}
{{- define "landfall.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "landfall.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: landfall
{{- end -}}

{{/* Selector labels of one component; call with (dict "root" $ "component" "index-server"). */}}
{{- define "landfall.selectorLabels" -}}
app.kubernetes.io/name: {{ include "landfall.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Image reference; call with (dict "root" $ "repository" "landfall/index-server"). */}}
{{- define "landfall.image" -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag -}}
{{- if .root.Values.image.registry -}}
{{- printf "%s/%s:%s" .root.Values.image.registry .repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .repository $tag -}}
{{- end -}}
{{- end -}}

{{/* The chart-managed Secret (only created for values that have no existingSecret). */}}
{{- define "landfall.secretName" -}}
{{- printf "%s-credentials" (include "landfall.fullname" .) -}}
{{- end -}}

{{- define "landfall.databaseSecretName" -}}
{{- default (include "landfall.secretName" .) .Values.database.existingSecret -}}
{{- end -}}
{{- define "landfall.databaseSecretKey" -}}
{{- if .Values.database.existingSecret -}}{{ .Values.database.existingSecretPasswordKey }}{{- else -}}database-password{{- end -}}
{{- end -}}

{{- define "landfall.s3SecretName" -}}
{{- default (include "landfall.secretName" .) .Values.storage.s3.existingSecret -}}
{{- end -}}
{{- define "landfall.s3AccessKeyKey" -}}
{{- if .Values.storage.s3.existingSecret -}}{{ .Values.storage.s3.accessKeyKey }}{{- else -}}s3-access-key{{- end -}}
{{- end -}}
{{- define "landfall.s3SecretKeyKey" -}}
{{- if .Values.storage.s3.existingSecret -}}{{ .Values.storage.s3.secretKeyKey }}{{- else -}}s3-secret-key{{- end -}}
{{- end -}}

{{- define "landfall.adminSecretName" -}}
{{- default (include "landfall.secretName" .) .Values.admin.existingSecret -}}
{{- end -}}
{{- define "landfall.adminSecretKey" -}}
{{- if .Values.admin.existingSecret -}}{{ .Values.admin.existingSecretTokenKey }}{{- else -}}admin-token{{- end -}}
{{- end -}}

{{/* True when the chart must create its own credentials Secret. */}}
{{- define "landfall.needsSecret" -}}
{{- if or (not .Values.database.existingSecret) (and (eq .Values.storage.type "s3") (not .Values.storage.s3.existingSecret)) (and .Values.admin.token (not .Values.admin.existingSecret)) -}}true{{- end -}}
{{- end -}}

{{/* Database connection env (all services and the migration Job). */}}
{{- define "landfall.databaseEnv" -}}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "landfall.databaseSecretName" . }}
      key: {{ include "landfall.databaseSecretKey" . }}
{{- end -}}

{{/* S3 credentials env (fetcher, index server and admin server). */}}
{{- define "landfall.storageEnv" -}}
{{- if eq .Values.storage.type "s3" }}
- name: LANDFALL_STORAGE_S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "landfall.s3SecretName" . }}
      key: {{ include "landfall.s3AccessKeyKey" . }}
- name: LANDFALL_STORAGE_S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "landfall.s3SecretName" . }}
      key: {{ include "landfall.s3SecretKeyKey" . }}
{{- end }}
{{- end -}}

{{/* Non-secret storage settings (ConfigMap data of fetcher, index server and admin server). */}}
{{- define "landfall.storageConfig" -}}
LANDFALL_STORAGE_TYPE: {{ .Values.storage.type | quote }}
{{- if eq .Values.storage.type "s3" }}
{{- with .Values.storage.s3.endpoint }}
LANDFALL_STORAGE_S3_ENDPOINT: {{ . | quote }}
{{- end }}
LANDFALL_STORAGE_S3_BUCKET: {{ .Values.storage.s3.bucket | quote }}
LANDFALL_STORAGE_S3_REGION: {{ .Values.storage.s3.region | quote }}
LANDFALL_STORAGE_S3_PATH_STYLE: {{ .Values.storage.s3.pathStyle | quote }}
{{- else }}
LANDFALL_STORAGE_PATH: {{ .Values.storage.filesystem.path | quote }}
{{- end }}
{{- end -}}

{{/* Settings every service gets (ConfigMap data). */}}
{{- define "landfall.commonConfig" -}}
SPRING_DATASOURCE_URL: {{ .Values.database.url | quote }}
SPRING_DATASOURCE_USERNAME: {{ .Values.database.username | quote }}
SPRING_FLYWAY_ENABLED: {{ not .Values.migrations.enabled | quote }}
{{- end -}}

{{/* Kafka (ConfigMap data of the services that use it: poller, fetcher, admin server; not the index server). */}}
{{- define "landfall.kafkaConfig" -}}
SPRING_KAFKA_BOOTSTRAP_SERVERS: {{ .Values.kafka.bootstrapServers | quote }}
{{- end -}}

{{/* Filter settings (poller: project filters; fetcher: file filters). */}}
{{- define "landfall.filterConfig" -}}
LANDFALL_FILTER_ALLOW: {{ join "," .Values.filter.allow | quote }}
LANDFALL_FILTER_BLOCK: {{ join "," .Values.filter.block | quote }}
LANDFALL_FILTER_EXCLUDE_PRERELEASES: {{ .Values.filter.excludePrereleases | quote }}
LANDFALL_FILTER_EXCLUDE_PLATFORMS: {{ join "," .Values.filter.excludePlatforms | quote }}
LANDFALL_FILTER_MAX_FILE_SIZE: {{ .Values.filter.maxFileSize | quote }}
{{- end -}}

{{/* Probes on the Actuator health groups; call with the container port. */}}
{{- define "landfall.probes" -}}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: {{ .root.Values.probes.startup.periodSeconds }}
  failureThreshold: {{ .root.Values.probes.startup.failureThreshold }}
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: {{ .root.Values.probes.liveness.periodSeconds }}
  failureThreshold: {{ .root.Values.probes.liveness.failureThreshold }}
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: http
  periodSeconds: {{ .root.Values.probes.readiness.periodSeconds }}
  failureThreshold: {{ .root.Values.probes.readiness.failureThreshold }}
{{- end -}}

{{/* Volumes every pod gets: /tmp (read-only root filesystem) and, for filesystem storage, the data claim. */}}
{{- define "landfall.volumes" -}}
- name: tmp
  emptyDir: {}
{{- if and .storage (eq .root.Values.storage.type "filesystem") }}
- name: data
  persistentVolumeClaim:
    claimName: {{ required "storage.filesystem.existingClaim is required for storage.type=filesystem" .root.Values.storage.filesystem.existingClaim }}
{{- end }}
{{- end -}}

{{- define "landfall.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if and .storage (eq .root.Values.storage.type "filesystem") }}
- name: data
  mountPath: {{ .root.Values.storage.filesystem.path }}
{{- end }}
{{- end -}}
