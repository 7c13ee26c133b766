{{/* Names, labels and the pieces every pod of the farm shares. */}}

{{- define "colorize.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "colorize.fullname" -}}
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

{{/* Leaves room for the "-worker"/"-trainer" suffixes within 63 characters. */}}
{{- define "colorize.component" -}}
{{- printf "%s-%s" (include "colorize.fullname" .root | trunc 52 | trimSuffix "-") .component }}
{{- end }}

{{- define "colorize.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "colorize.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: colorize-farm
{{- end }}

{{- define "colorize.selectorLabels" -}}
app.kubernetes.io/name: {{ include "colorize.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* The service account of a component (worker, trainer, topics): the one named in
     serviceAccount.name for all, else the component's own, else (create: false) the namespace's default. */}}
{{- define "colorize.serviceAccountName" -}}
{{- $root := .root }}
{{- if $root.Values.serviceAccount.name }}
{{- $root.Values.serviceAccount.name }}
{{- else if $root.Values.serviceAccount.create }}
{{- printf "%s-%s" (include "colorize.fullname" $root) .component | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- "default" }}
{{- end }}
{{- end }}

{{/* A role's image (worker, trainer, producer): the GPU flavour carries the CUDA natives. */}}
{{- define "colorize.image" -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag }}
{{- if .gpu }}
{{- $tag = printf "%s%s" $tag .root.Values.image.gpuTagSuffix }}
{{- end }}
{{- printf "%s-%s:%s" .root.Values.image.repository .role $tag }}
{{- end }}

{{/* Kafka's SASL mechanism as KEDA's kafka scaler names it. */}}
{{- define "colorize.kedaSasl" -}}
{{- $m := .Values.kafka.sasl.mechanism }}
{{- if eq $m "PLAIN" }}plaintext
{{- else if eq $m "SCRAM-SHA-256" }}scram_sha256
{{- else if eq $m "SCRAM-SHA-512" }}scram_sha512
{{- else }}{{ fail (printf "kafka.sasl.mechanism %s is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512" $m) }}
{{- end }}
{{- end }}

{{- define "colorize.kafkaLoginModule" -}}
{{- if eq .Values.kafka.sasl.mechanism "PLAIN" -}}
org.apache.kafka.common.security.plain.PlainLoginModule
{{- else -}}
org.apache.kafka.common.security.scram.ScramLoginModule
{{- end }}
{{- end }}

{{- define "colorize.kafkaSecurityProtocol" -}}
{{- if and .Values.kafka.sasl.enabled .Values.kafka.tls.enabled }}SASL_SSL
{{- else if .Values.kafka.sasl.enabled }}SASL_PLAINTEXT
{{- else if .Values.kafka.tls.enabled }}SSL
{{- else }}PLAINTEXT
{{- end }}
{{- end }}

{{/* Where the pods find the Kafka client properties and the brokers' CA. */}}
{{- define "colorize.kafkaPropertiesPath" -}}/etc/colorize/kafka/client.properties{{- end }}
{{- define "colorize.kafkaCaPath" -}}/etc/colorize/kafka-ca/ca.crt{{- end }}

{{/*
Checks that no combination of values can deploy something broken or leak a secret; the schema
checks each value alone.
*/}}
{{- define "colorize.validate" -}}
{{- if and .Values.kafka.sasl.enabled (not .Values.kafka.sasl.existingSecret) }}
{{- fail "kafka.sasl.enabled needs kafka.sasl.existingSecret: the name of a Secret holding the username and password" }}
{{- end }}
{{- if and .Values.kafka.tls.caSecret.name (not .Values.kafka.tls.enabled) }}
{{- fail "kafka.tls.caSecret is set but kafka.tls.enabled is false" }}
{{- end }}
{{- $w := .Values.worker }}
{{- if le (int $w.terminationGracePeriodSeconds) (int $w.shutdownGraceSeconds) }}
{{- fail (printf "worker.terminationGracePeriodSeconds (%v) must be above worker.shutdownGraceSeconds (%v), or Kubernetes kills workers in the middle of their last batch" $w.terminationGracePeriodSeconds $w.shutdownGraceSeconds) }}
{{- end }}
{{- if lt (int $w.maxInFlight) (int $w.batchSize) }}
{{- fail "worker.maxInFlight must be at least worker.batchSize" }}
{{- end }}
{{- if $w.autoscaling.enabled }}
{{- if gt (int $w.autoscaling.maxReplicaCount) (int .Values.kafka.topics.partitions) }}
{{- fail (printf "worker.autoscaling.maxReplicaCount (%v) is above the request topic's partitions (kafka.topics.partitions: %v): the extra workers would get no partition" $w.autoscaling.maxReplicaCount .Values.kafka.topics.partitions) }}
{{- end }}
{{- if lt (int $w.autoscaling.maxReplicaCount) (int $w.autoscaling.minReplicaCount) }}
{{- fail "worker.autoscaling.maxReplicaCount must be at least minReplicaCount" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Environment shared by every pod: where the Kafka client properties are; secrets come as files (below). */}}
{{- define "colorize.env" -}}
- name: COLORIZE_KAFKA_PROPERTIES
  value: {{ include "colorize.kafkaPropertiesPath" . }}
{{- end }}

{{/*
Secrets reach the pods as files, never as environment variables (which child processes inherit
and `kubectl describe` shows): the Kafka SASL credentials in every pod, read by the client
properties' ${dir:...} placeholders; the S3 keys in the worker and the trainer only
(COLORIZE_S3_CREDENTIALS_DIR, read again when the Secret is rotated).
*/}}
{{- define "colorize.kafkaSaslPath" -}}/etc/colorize/kafka-sasl{{- end }}
{{- define "colorize.s3CredentialsPath" -}}/etc/colorize/s3-credentials{{- end }}

{{- define "colorize.s3Credentials.env" -}}
{{- if .Values.s3.credentials.existingSecret }}
- name: COLORIZE_S3_CREDENTIALS_DIR
  value: {{ include "colorize.s3CredentialsPath" . }}
{{- end }}
{{- end }}

{{- define "colorize.s3Credentials.mount" -}}
{{- if .Values.s3.credentials.existingSecret }}
- name: s3-credentials
  mountPath: {{ include "colorize.s3CredentialsPath" . }}
  readOnly: true
{{- end }}
{{- end }}

{{- define "colorize.s3Credentials.volume" -}}
{{- with .Values.s3.credentials }}
{{- if .existingSecret }}
- name: s3-credentials
  secret:
    secretName: {{ .existingSecret }}
    defaultMode: 0440
    items:
      - key: {{ .accessKeyIdKey }}
        path: AWS_ACCESS_KEY_ID
      - key: {{ .secretAccessKeyKey }}
        path: AWS_SECRET_ACCESS_KEY
      {{- if .sessionTokenKey }}
      - key: {{ .sessionTokenKey }}
        path: AWS_SESSION_TOKEN
      {{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/* The read-only root filesystem's writable places, and the Kafka client files. */}}
{{- define "colorize.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: work
  mountPath: /var/lib/colorize
- name: kafka-client
  mountPath: /etc/colorize/kafka
  readOnly: true
{{- if .Values.kafka.sasl.enabled }}
- name: kafka-sasl
  mountPath: {{ include "colorize.kafkaSaslPath" . }}
  readOnly: true
{{- end }}
{{- if .Values.kafka.tls.caSecret.name }}
- name: kafka-ca
  mountPath: /etc/colorize/kafka-ca
  readOnly: true
{{- end }}
{{- end }}

{{- define "colorize.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .component.tmpSizeLimit }}
- name: work
  emptyDir:
    sizeLimit: {{ .component.workSizeLimit }}
- name: kafka-client
  configMap:
    name: {{ include "colorize.fullname" .root }}-kafka-client
{{- with .root.Values.kafka.sasl }}
{{- if .enabled }}
- name: kafka-sasl
  secret:
    secretName: {{ .existingSecret }}
    defaultMode: 0440
    items:
      - key: {{ .usernameKey }}
        path: username
      - key: {{ .passwordKey }}
        path: password
{{- end }}
{{- end }}
{{- with .root.Values.kafka.tls.caSecret }}
{{- if .name }}
- name: kafka-ca
  secret:
    secretName: {{ .name }}
    items:
      - key: {{ .key }}
        path: ca.crt
{{- end }}
{{- end }}
{{- end }}

{{/* Restarts pods when the settings they read at start change. */}}
{{- define "colorize.configChecksum" -}}
checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
{{- end }}

{{/* A component's resources, with its GPUs as the device plugin's extended resource in GPU mode. */}}
{{- define "colorize.resources" -}}
{{- $resources := deepCopy (default dict .component.resources) }}
{{- if .component.gpu.enabled }}
{{- $limits := default dict $resources.limits }}
{{- $requests := default dict $resources.requests }}
{{- $_ := set $limits .component.gpu.resourceName (int .component.gpu.count) }}
{{- $_ := set $requests .component.gpu.resourceName (int .component.gpu.count) }}
{{- $_ := set $resources "limits" $limits }}
{{- $_ := set $resources "requests" $requests }}
{{- end }}
{{- toYaml $resources }}
{{- end }}

{{/*
GPU mode's environment: TensorFlow takes GPU memory as it needs it instead of nearly all of it at
start, so that pods sharing a GPU (time-slicing) can each run.
*/}}
{{- define "colorize.gpu.env" -}}
{{- if .gpu.enabled }}
- name: TF_FORCE_GPU_ALLOW_GROWTH
  value: "true"
{{- end }}
{{- end }}

{{/* Scheduling: the component's own, plus the GPU pool's selector, taints and runtime class in GPU mode. */}}
{{- define "colorize.scheduling" -}}
{{- if and .component.gpu.enabled .component.gpu.runtimeClassName }}
runtimeClassName: {{ .component.gpu.runtimeClassName }}
{{- end }}
{{- $nodeSelector := deepCopy (default dict .component.nodeSelector) }}
{{- $tolerations := default list .component.tolerations }}
{{- if .component.gpu.enabled }}
{{- $nodeSelector = merge $nodeSelector (default dict .component.gpu.nodeSelector) }}
{{- $tolerations = concat $tolerations (default list .component.gpu.tolerations) }}
{{- end }}
{{- with $nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .component.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .component.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- end }}

{{/*
The egress a worker or trainer needs, by port (broker and endpoint addresses change; their ports
do not): DNS, every port in kafka.bootstrapServers (brokers advertise their peers on the same
ports), the S3 endpoint's port (443 for Amazon S3, which with IRSA also covers STS), and, for
Amazon S3, the instance metadata service (region and instance-role credentials).
*/}}
{{- define "colorize.defaultEgress" -}}
- ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- $kafkaPorts := list }}
{{- range $server := splitList "," .Values.kafka.bootstrapServers }}
{{- $port := regexFind "[0-9]+$" (trim $server) }}
{{- if and $port (not (has $port $kafkaPorts)) }}
{{- $kafkaPorts = append $kafkaPorts $port }}
{{- end }}
{{- end }}
- ports:
    {{- range $kafkaPorts }}
    - port: {{ . | int }}
      protocol: TCP
    {{- end }}
{{- if .Values.s3.endpoint }}
{{- $endpoint := urlParse .Values.s3.endpoint }}
{{- $port := regexFind ":[0-9]+$" $endpoint.host | trimPrefix ":" }}
- ports:
    - port: {{ default (ternary "443" "80" (eq $endpoint.scheme "https")) $port | int }}
      protocol: TCP
{{- else }}
- ports:
    - port: 443
      protocol: TCP
- to:
    - ipBlock:
        cidr: 169.254.169.254/32
  ports:
    - port: 80
      protocol: TCP
{{- end }}
{{- end }}

{{/*
The public keys a worker or the trainer trusts, in one folder (COLORIZE_TRUSTED_KEYS): the signing
Secret's public key (optional: a farm without a trainer serves the image's default) and
modelSigning.trustedKeys. The shipped default's key is trusted by the code itself.
*/}}
{{- define "colorize.trustedKeys.env" -}}
- name: COLORIZE_TRUSTED_KEYS
  value: /etc/colorize/trusted-keys
{{- end }}

{{- define "colorize.trustedKeys.mount" -}}
- name: trusted-keys
  mountPath: /etc/colorize/trusted-keys
  readOnly: true
{{- end }}

{{- define "colorize.trustedKeys.volume" -}}
- name: trusted-keys
  projected:
    sources:
      - secret:
          name: {{ .Values.modelSigning.secretName }}
          optional: true
          items:
            - key: {{ .Values.modelSigning.publicKeyKey }}
              path: trainer.pem
      {{- if .Values.modelSigning.trustedKeys }}
      - configMap:
          name: {{ include "colorize.fullname" . }}-trusted-keys
      {{- end }}
{{- end }}
