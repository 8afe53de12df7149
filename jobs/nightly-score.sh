#!/usr/bin/env bash
# The nightly emolake run, as two spark-submits of the application jar: `emolake manifest` lists the archive into
# tonight's manifest, then `emolake score --incremental` scores into the lake only what earlier nights have not
# scored with this model (new and changed files). docs/DEPLOY.md has the commands for local, standalone, YARN and
# Kubernetes.
#
#   MASTER=yarn SPARK_HOME=/opt/spark ARCHIVE=hdfs:///data/audio LAKE=hdfs:///data/emolake/lake \
#     MODEL_DIR=/opt/emolake/models/current jobs/nightly-score.sh [extra score options]
#
# Required (no defaults: a forgotten MASTER must not quietly run the night on the submitting host):
#   MASTER      local[N], spark://HOST:PORT, yarn or k8s://https://HOST:PORT
#   ARCHIVE     the folder tree of audio listed every night (local path or Hadoop FS URI)
#   LAKE        the lake (local path or Hadoop FS URI); emolake derives the Iceberg catalog's warehouse from it
#   MODEL_DIR   the model bundle, read by the driver
# Optional:
#   RUN_ID      default nightly-YYYY-MM-DD (UTC); re-running a night replaces that night's rows
#   MANIFEST    where tonight's manifest is written; default LAKE/_manifests/RUN_ID
#   DEPLOY_MODE client (default) or cluster (yarn and k8s only)
#   IMAGE       the container image of jobs/image/Dockerfile: required for k8s, optional for yarn (Docker runtime)
#   SPARK_HOME  a Spark 4.1.1 (Scala 2.13) installation; required for yarn and k8s. Without it, local and standalone
#               runs use the Spark jars `mvn package` copies to target/spark-jars, on JAVA (default: java on PATH).
#   CONF        Spark properties (default jobs/nightly.conf); JAR the application jar (default
#               target/emolake-spark.jar; for k8s the image's local:///opt/emolake/emolake-spark.jar)
#   LOG_CONFIG  log4j2 configuration of the driver (default jobs/emolake-log4j2.properties, WARN);
#   EXECUTOR_LOG_CONFIG  the same as the executors see it (default: LOG_CONFIG's path on standalone workers, the
#               file shipped with --files on YARN, the image's copy on k8s)
#   DRY_RUN=1   print the spark-submit commands, one a line, and run nothing
#
# Exit codes: 2 (a variable missing or wrong) and 3 (a file the wrapper needs is missing) come from the wrapper itself,
# before anything runs. Otherwise the code of the step that ended the night: emolake's own (0 done, error rows
# included; 1 the run failed; 2 usage; 3 input refused: docs/CLI.md) or spark-submit's when it fails before emolake
# starts. A failed manifest step stops the night before scoring.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() {
  echo "nightly-score: $1" >&2
  echo "usage: MASTER=... ARCHIVE=... LAKE=... MODEL_DIR=... jobs/nightly-score.sh [score options] (docs/DEPLOY.md)" >&2
  exit 2
}
missing() {
  echo "nightly-score: $1" >&2
  exit 3
}

[[ -n "${MASTER:-}" ]] ||
  usage "set MASTER: local[N], spark://HOST:PORT, yarn or k8s://https://HOST:PORT (there is no default)"
[[ -n "${ARCHIVE:-}" ]] || usage "set ARCHIVE to the folder tree of audio to list"
[[ -n "${LAKE:-}" ]] || usage "set LAKE to the lake (local path or Hadoop FS URI)"
[[ -n "${MODEL_DIR:-}" ]] || usage "set MODEL_DIR to the model bundle"
case "$MASTER" in
  local | local\[*\]) kind=local ;;
  spark://?*) kind=standalone ;;
  yarn) kind=yarn ;;
  k8s://?*) kind=k8s ;;
  *) usage "MASTER '$MASTER' is none of local[N], spark://HOST:PORT, yarn, k8s://https://HOST:PORT" ;;
esac
DEPLOY_MODE="${DEPLOY_MODE:-client}"
case "$DEPLOY_MODE" in
  client) ;;
  cluster) [[ $kind == yarn || $kind == k8s ]] || usage "DEPLOY_MODE=cluster is for yarn and k8s (MASTER is $MASTER)" ;;
  *) usage "DEPLOY_MODE must be client or cluster, not '$DEPLOY_MODE'" ;;
esac
RUN_ID="${RUN_ID:-nightly-$(date -u +%Y-%m-%d)}"
[[ "$RUN_ID" =~ ^[A-Za-z0-9._:-]{1,128}$ ]] || usage "RUN_ID may hold letters, digits and . _ : - only ('$RUN_ID')"
MANIFEST="${MANIFEST:-${LAKE%/}/_manifests/$RUN_ID}"
if [[ $kind == k8s && -z "${IMAGE:-}" ]]; then
  usage "set IMAGE to the executors' container image (jobs/image/Dockerfile) for MASTER=$MASTER"
fi
if [[ ($kind == yarn || $kind == k8s) && -z "${SPARK_HOME:-}" ]]; then
  usage "set SPARK_HOME to a Spark 4.1.1 installation with $kind support for MASTER=$MASTER"
fi

CONF="${CONF:-$home/jobs/nightly.conf}"
LOG_CONFIG="${LOG_CONFIG:-$home/jobs/emolake-log4j2.properties}"
image_jar=local:///opt/emolake/emolake-spark.jar
image_log_config=/opt/emolake/jobs/emolake-log4j2.properties
if [[ $kind == k8s ]]; then JAR="${JAR:-$image_jar}"; else JAR="${JAR:-$home/target/emolake-spark.jar}"; fi
[[ -f "$CONF" ]] || missing "CONF $CONF not found"
[[ -f "$LOG_CONFIG" ]] || missing "LOG_CONFIG $LOG_CONFIG not found"
if [[ "$JAR" != *://* ]]; then
  [[ -f "$JAR" ]] || missing "$JAR not found; build it: mvn -DskipTests package"
fi

# Where the driver and the executors find the log configuration, as each sees its file system.
driver_log="$LOG_CONFIG"
spark_opts=(--master "$MASTER" --deploy-mode "$DEPLOY_MODE" --properties-file "$CONF")
case "$kind" in
  local | standalone) executor_log="${EXECUTOR_LOG_CONFIG:-$LOG_CONFIG}" ;;
  yarn)
    # YARN puts --files in each container's working folder before the JVM starts.
    spark_opts+=(--files "$LOG_CONFIG")
    executor_log="${EXECUTOR_LOG_CONFIG:-$(basename "$LOG_CONFIG")}"
    [[ $DEPLOY_MODE == cluster ]] && driver_log="$(basename "$LOG_CONFIG")"
    if [[ -n "${IMAGE:-}" ]]; then
      for env in spark.executorEnv spark.yarn.appMasterEnv; do
        spark_opts+=(--conf "$env.YARN_CONTAINER_RUNTIME_TYPE=docker"
                     --conf "$env.YARN_CONTAINER_RUNTIME_DOCKER_IMAGE=$IMAGE")
      done
    fi ;;
  k8s)
    spark_opts+=(--conf "spark.kubernetes.container.image=$IMAGE")
    executor_log="${EXECUTOR_LOG_CONFIG:-$image_log_config}"
    [[ $DEPLOY_MODE == cluster ]] && driver_log="$image_log_config" ;;
esac
# defaultJavaOptions: Spark puts them before the properties file's extraJavaOptions, which stay as they are.
spark_opts+=(--conf "spark.driver.defaultJavaOptions=-Dlog4j2.configurationFile=$driver_log"
             --conf "spark.executor.defaultJavaOptions=-Dlog4j2.configurationFile=$executor_log")

# One OpenMP thread per task; in local mode the tasks run in the driver's JVM.
export OMP_NUM_THREADS=1
if [[ -n "${SPARK_HOME:-}" ]]; then
  [[ -x "$SPARK_HOME/bin/spark-submit" ]] || missing "$SPARK_HOME/bin/spark-submit not found (SPARK_HOME)"
  submit=("$SPARK_HOME/bin/spark-submit")
else
  # No Spark installation: SparkSubmit from the jars mvn package copied, on a JVM started as spark-submit would
  # start it in client mode (driver memory and Java options from CONF, the log configuration).
  [[ -d "$home/target/spark-jars" ]] || missing "set SPARK_HOME or build target/spark-jars (mvn -DskipTests package)"
  conf_value() { awk -v key="$1" '$1 == key { $1 = ""; sub(/^[ \t]+/, ""); value = $0 } END { print value }' "$CONF"; }
  driver_memory="$(conf_value spark.driver.memory)"
  read -r -a driver_java_options <<< "$(conf_value spark.driver.extraJavaOptions)"
  submit=("${JAVA:-java}" "-Xmx${driver_memory:-1g}" -Dlog4j2.configurationFile="$driver_log"
          "${driver_java_options[@]}" -cp "$home/target/spark-jars/*" org.apache.spark.deploy.SparkSubmit)
fi

# step NAME CLASS ARGS...: one spark-submit; a failure ends the night with its exit code.
step() {
  local name="$1" class="$2"
  shift 2
  local command=("${submit[@]}" "${spark_opts[@]}" --name "emolake $name $RUN_ID" --class "$class" "$JAR" "$@")
  if [[ -n "${DRY_RUN:-}" ]]; then
    printf '%q ' "${command[@]}"
    echo
    return 0
  fi
  echo "nightly-score: $name ($RUN_ID, $MASTER)" >&2
  local code=0
  "${command[@]}" || code=$?
  if ((code != 0)); then
    echo "nightly-score: $name failed (exit $code)" >&2
    exit "$code"
  fi
}

step manifest org.emolake.cli.ManifestCommand --root "$ARCHIVE" --output "$MANIFEST"
step score org.emolake.cli.ScoreCommand --manifest "$MANIFEST" --model-dir "$MODEL_DIR" --lake "$LAKE" \
  --run-id "$RUN_ID" --incremental "$@"
