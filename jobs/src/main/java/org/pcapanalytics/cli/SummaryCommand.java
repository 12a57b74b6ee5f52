package org.pcapanalytics.cli;

import java.io.PrintStream;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.pcapanalytics.io.PacketRecord;
import org.pcapanalytics.io.PcapInputFormat;
import org.pcapanalytics.spark.CaptureFileLister;
import org.pcapanalytics.spark.PcapOptions;

/**
 * Packets, bytes, time range and link types of captures, straight from the InputFormat
 * ({@code newAPIHadoopFile}): the framing layer end to end on Spark, no decoding.
 */
final class SummaryCommand implements Command {
  @Override
  public String name() { return "summary"; }

  @Override
  public String summary() { return "packets, bytes, time range and link types of captures (framing only)"; }

  @Override
  public String usage() {
    return "usage: pcap-analytics summary --input PATH [--input PATH]... [--option K=V]... [--conf K=V]... [--master URL]\n"
        + "\n"
        + "Counts the records of the inputs (files, directories, globs; any Hadoop file system URI)\n"
        + "with the splittable PCAP/pcapng InputFormat and prints packets, bytes, the capture time\n"
        + "range and the link types. --option K=V takes the options of the pcap source that concern\n"
        + "reading records: mode, splitSize, maxPartitionBytes, openCostInBytes, recursiveFileLookup,\n"
        + "pathGlobFilter, ignoreCorruptFiles, lookback, pcapngSectionScan (docs/data-source.md).\n"
        + "\n"
        + "Exit status: 0 done, 1 failure, 2 bad arguments, 4 no packets in the input.\n";
  }

  /** Per-partition totals, merged on the driver. */
  static final class Totals implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Files read (set on the driver). */
    int files;
    long packets;
    long wireBytes;
    long capturedBytes;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    final TreeMap<Integer, Long> linkTypes = new TreeMap<>();

    void add(PacketRecord r) {
      packets++;
      wireBytes += r.wirelen();
      capturedBytes += r.caplen();
      if (r.hasTimestamp()) {
        first = Math.min(first, r.timestampNanos());
        last = Math.max(last, r.timestampNanos());
      }
      linkTypes.merge(r.linkType(), 1L, Long::sum);
    }

    Totals merge(Totals o) {
      files = Math.max(files, o.files);
      packets += o.packets;
      wireBytes += o.wireBytes;
      capturedBytes += o.capturedBytes;
      first = Math.min(first, o.first);
      last = Math.max(last, o.last);
      o.linkTypes.forEach((k, v) -> linkTypes.merge(k, v, Long::sum));
      return this;
    }
  }

  /**
   * The totals of the captures among {@code inputs} (files, directories, globs), chosen and read
   * with the {@code pcap} source's {@code options} as the data source would choose and frame them.
   */
  static Totals totals(SparkSession spark, List<String> inputs, Map<String, String> options) throws Exception {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration conf = new Configuration(jsc.hadoopConfiguration());
    PcapOptions o = PcapOptions.parse(options);
    o.configure(conf);
    List<FileStatus> files = CaptureFileLister.list(conf, inputs, o.recursive(), o.globFilter());
    Totals none = new Totals();
    none.files = files.size();
    if (files.isEmpty()) return none;
    Job job = Job.getInstance(conf);
    FileInputFormat.setInputPaths(job, files.stream().map(FileStatus::getPath).toArray(Path[]::new));
    JavaPairRDD<LongWritable, PacketRecord> records =
        jsc.newAPIHadoopRDD(job.getConfiguration(), PcapInputFormat.class, LongWritable.class, PacketRecord.class);
    // Records are reused by the reader: aggregate inside the partition, ship only the totals.
    return records.mapPartitions((Iterator<scala.Tuple2<LongWritable, PacketRecord>> it) -> {
      Totals t = new Totals();
      while (it.hasNext()) t.add(it.next()._2());
      List<Totals> one = new ArrayList<>();
      one.add(t);
      return one.iterator();
    }).fold(none, Totals::merge);
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
    Args a = Args.parse(argv, Set.of("input", "option", "conf", "master"), Set.of("help"));
    if (a.flag("help")) {
      out.print(usage());
      return 0;
    }
    if (!a.positional().isEmpty()) throw new UsageException("unexpected argument '" + a.positional().get(0) + "'");
    List<String> inputs = a.all("input");
    if (inputs.isEmpty()) throw new UsageException("at least one --input is required");
    Map<String, String> options = SourceOptions.of(a, SourceOptions.FRAMING, name());
    try (SparkSessions.Handle session = SparkSessions.open(name(), a.get("master"), a.pairs("conf"))) {
      SparkSession spark = session.spark;
      Totals t = totals(spark, inputs, options);
      print(t, out);
      if (t.packets == 0) {
        err.println("pcap-analytics summary: no packets in " + String.join(", ", inputs) + " (" + t.files
            + (t.files == 1 ? " file" : " files") + ")");
        return ExitStatus.NO_PACKETS;
      }
    }
    return 0;
  }

  static void print(Totals t, PrintStream out) {
    out.printf("packets         %,d%n", t.packets);
    out.printf("bytes on wire   %,d%n", t.wireBytes);
    out.printf("bytes captured  %,d%n", t.capturedBytes);
    if (t.first <= t.last) {
      out.printf("first packet    %s%n", Instant.ofEpochSecond(0, t.first));
      out.printf("last packet     %s%n", Instant.ofEpochSecond(0, t.last));
    }
    StringBuilder lt = new StringBuilder();
    t.linkTypes.forEach((k, v) -> lt.append(lt.length() == 0 ? "" : ", ").append(k).append(": ").append(String.format("%,d", v)));
    out.printf("link types      %s%n", lt);
  }
}
