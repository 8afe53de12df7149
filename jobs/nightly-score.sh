#!/usr/bin/env bash
# Nightly emolake scoring run: spark-submit of the packaged application jar (target/emolake-spark.jar).
#
#   MANIFEST=hdfs:///data/emolake/manifests/today LAKE=hdfs:///data/emolake/lake \
#   MODEL_DIR=/opt/emolake/models/current MASTER=yarn jobs/nightly-score.sh [extra score options]
#
# MODEL_DIR is read on the driver (the artifacts are broadcast to the executors). The run id defaults to
# nightly-YYYY-MM-DD, so re-running the same night replaces that night's rows instead of adding to them; by default
# the run is incremental (only clips without an ok prediction by this model are scored).
# SPARK_HOME: a Spark 4.1 (Scala 2.13) installation; without one, the Spark jars `mvn package` copied to
# target/spark-jars are used (client mode, for a standalone cluster or local runs).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${MANIFEST:?set MANIFEST to the manifest (Parquet) to score}"
: "${LAKE:?set LAKE to the lake folder (any Hadoop FS URI)}"
: "${MODEL_DIR:?set MODEL_DIR to the model bundle folder}"
MASTER="${MASTER:-local[*]}"
RUN_ID="${RUN_ID:-nightly-$(date -u +%Y-%m-%d)}"
CONF="${CONF:-$home/jobs/nightly.conf}"
JAR="${JAR:-$home/target/emolake-spark.jar}"
INCREMENTAL="${INCREMENTAL:---incremental}"
[[ -f "$JAR" ]] || { echo "nightly-score: $JAR not found; build it: mvn -DskipTests package" >&2; exit 2; }

args=(--master "$MASTER" --name "emolake nightly $RUN_ID" --properties-file "$CONF"
      --class org.emolake.cli.ScoreCommand "$JAR"
      --manifest "$MANIFEST" --model-dir "$MODEL_DIR" --lake "$LAKE" --run-id "$RUN_ID" $INCREMENTAL "$@")

if [[ -n "${SPARK_HOME:-}" ]]; then
  exec "$SPARK_HOME/bin/spark-submit" "${args[@]}"
fi
# No Spark installation: run SparkSubmit from the jars mvn package copied (what the integration test does).
[[ -d "$home/target/spark-jars" ]] || { echo "nightly-score: set SPARK_HOME or build target/spark-jars" >&2; exit 2; }
export OMP_NUM_THREADS=1
exec "${JAVA:-java}" -Xmx2g -XX:+UseParallelGC -XX:MaxVectorSize=32 -XX:+IgnoreUnrecognizedVMOptions \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED \
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true \
  -cp "$home/target/spark-jars/*" org.apache.spark.deploy.SparkSubmit "${args[@]}"
