package org.pcapanalytics.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.pcapanalytics.generate.CaptureGenerator;
import org.pcapanalytics.generate.GenerationSummary;
import org.pcapanalytics.generate.GeneratorOptions;

/**
 * The main job on an embedded default: generates a sample capture (once) and runs the job over
 * it on local Spark. No arguments needed on a fresh machine.
 */
final class DemoCommand implements Command {
  @Override
  public String name() { return "demo"; }

  @Override
  public String summary() { return "generate a sample capture and run the main job over it on local Spark"; }

  @Override
  public String usage() {
    return "usage: pcap-analytics demo [--dir DIR] [--size SIZE] [--seed N] [--master URL] [--conf K=V]...\n"
        + "\n"
        + "Writes DIR/sample.pcap (default DIR: ./pcap-analytics-demo, SIZE 64M; kept for later runs)\n"
        + "with the synthetic traffic generator, then runs the main job over it on local Spark and\n"
        + "prints the results.\n";
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
    Args a = Args.parse(argv, Set.of("dir", "size", "seed", "master", "conf"), Set.of("help"));
    if (a.flag("help")) {
      out.print(usage());
      return 0;
    }
    Path dir = Paths.get(a.get("dir", "pcap-analytics-demo"));
    long size = Args.size(a.get("size", "64M"));
    long seed = a.whole("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
    Path sample = dir.resolve("sample.pcap");
    if (!Files.exists(sample)) {
      Files.createDirectories(dir);
      long t0 = System.nanoTime();
      GeneratorOptions opts = GeneratorOptions.builder().targetBytes(size).seed(seed).build();
      GenerationSummary s = CaptureGenerator.generate(opts, sample);
      err.printf("pcap-analytics demo: generated %s (%,d packets, %,d bytes) in %.1f s%n", sample, s.records(),
          s.fileBytes(), (System.nanoTime() - t0) / 1e9);
    } else {
      err.println("pcap-analytics demo: using " + sample);
    }
    try (SparkSessions.Handle session = SparkSessions.open(name(), a.get("master"), a.pairs("conf"))) {
      SparkSession spark = session.spark;
      SummaryCommand.Totals t = SummaryCommand.totals(spark, List.of(sample.toString()), Map.of());
      out.println("== " + sample + " ==");
      SummaryCommand.print(t, out);
    }
    return 0;
  }
}
