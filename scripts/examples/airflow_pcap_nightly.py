"""Airflow DAG: pcap-analytics nightly reports on a Spark cluster.

Needs apache-airflow-providers-apache-spark and a `spark_default` connection pointing at the
cluster. The application is the thin jar built by `mvn package` (jobs/target/pcap-analytics-<version>.jar,
see scripts/submit: Spark, Hadoop and Jackson come from the cluster); the arguments are those of
`scripts/nightly`. `--date` is Airflow's logical date, so retries and backfills (airflow dags backfill)
write exactly their own day: re-running a day replaces OUTPUT/date=D/ and nothing else.

Exit status of the driver: 0 ok, 1 failure, 2 bad arguments, 3 OUTPUT/_lock held by another run,
4 no packets for the day. SparkSubmitOperator fails the task on any non-zero status.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

VERSION = "0.1.0-SNAPSHOT"
HOME = "/opt/pcap-analytics"

with DAG(
    dag_id="pcap_analytics_nightly",
    start_date=datetime(2026, 3, 1),
    schedule="30 2 * * *",
    catchup=True,
    max_active_runs=1,  # one run per OUTPUT at a time (a second would exit 3)
    default_args={"retries": 2, "retry_delay": timedelta(minutes=20)},
) as dag:
    SparkSubmitOperator(
        task_id="nightly_reports",
        conn_id="spark_default",
        application=f"{HOME}/jobs/target/pcap-analytics-{VERSION}.jar",
        java_class="org.pcapanalytics.cli.Main",
        name="pcap-analytics nightly {{ ds }}",
        application_args=[
            "nightly",
            "--input", "hdfs:///captures/sensor1",
            "--output", "hdfs:///reports/sensor1",
            "--config", "/etc/pcap-analytics.json",  # read by the driver (client deploy mode)
            "--date", "{{ ds }}",  # the logical date: the day before the run
        ],
        conf={
            "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile={HOME}/conf/log4j2.properties",
        },
        execution_timeout=timedelta(hours=6),
    )
