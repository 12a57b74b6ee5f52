package org.pcapanalytics.report.zeek;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Writes a DataFrame as Zeek ASCII logs: every task writes its rows to {@code DIR/PATH.NNNNN.log}
 * (NNNNN: the partition) with Zeek's header and {@code #close} line, through Hadoop's
 * {@link FileOutputFormat} and Spark's commit protocol, so a failed job leaves no partial log
 * and the directory gets {@code _SUCCESS} as Spark's writers give it. A partition without rows
 * writes no file, as Zeek opens no log without entries.
 */
public final class ZeekWriter {
  private static final String PATH = "pcap.zeek.path";
  private static final String FIELDS = "pcap.zeek.fields";
  private static final String TYPES = "pcap.zeek.types";
  private static final String OPEN = "pcap.zeek.open";

  private ZeekWriter() {}

  /** Writes {@code df} as {@code log} into {@code dir}, replacing it; {@code open} is the logs' {@code #open}. */
  public static void write(Dataset<Row> df, ZeekLog log, String dir, Instant open) throws IOException {
    Configuration conf = new Configuration(df.sparkSession().sparkContext().hadoopConfiguration());
    conf.set(PATH, log.path());
    conf.set(FIELDS, String.join("\t", log.names()));
    conf.set(TYPES, String.join("\t", log.types()));
    conf.setLong(OPEN, open.getEpochSecond());
    Path out = new Path(dir);
    out.getFileSystem(conf).delete(out, true);
    log.select(df).javaRDD().mapToPair(r -> new Tuple2<>(NullWritable.get(), r))
        .saveAsNewAPIHadoopFile(dir, NullWritable.class, Row.class, LogOutputFormat.class, conf);
  }

  /** One Zeek log per task; the header comes from the job's configuration. */
  public static final class LogOutputFormat extends FileOutputFormat<NullWritable, Row> {
    @Override
    public RecordWriter<NullWritable, Row> getRecordWriter(TaskAttemptContext ctx) throws IOException {
      Configuration c = ctx.getConfiguration();
      String path = c.get(PATH);
      String name = String.format(Locale.ROOT, "%s.%05d.log", path, ctx.getTaskAttemptID().getTaskID().getId());
      Path file = new Path(getDefaultWorkFile(ctx, "").getParent(), name);
      List<String> fields = Arrays.asList(c.get(FIELDS).split("\t", -1));
      List<String> typeNames = Arrays.asList(c.get(TYPES).split("\t", -1));
      ZeekType[] types = typeNames.stream().map(ZeekType::ofZeekName).toArray(ZeekType[]::new);
      String header = ZeekFormat.header(path, Instant.ofEpochSecond(c.getLong(OPEN, 0)), fields, typeNames);
      return new LogWriter(file, c, header, types);
    }
  }

  private static final class LogWriter extends RecordWriter<NullWritable, Row> {
    private final Path file;
    private final Configuration conf;
    private final String header;
    private final ZeekType[] types;
    private final StringBuilder line = new StringBuilder(512);
    private Writer out;

    LogWriter(Path file, Configuration conf, String header, ZeekType[] types) {
      this.file = file;
      this.conf = conf;
      this.header = header;
      this.types = types;
    }

    @Override
    public void write(NullWritable key, Row row) throws IOException {
      if (out == null) {
        out = new BufferedWriter(new OutputStreamWriter(file.getFileSystem(conf).create(file, false),
            StandardCharsets.UTF_8), 1 << 16);
        out.write(header);
      }
      line.setLength(0);
      for (int i = 0; i < types.length; i++) {
        if (i > 0) line.append(ZeekFormat.SEPARATOR);
        if (row.isNullAt(i)) line.append(ZeekFormat.UNSET);
        else types[i].append(line, types[i].element == null ? row.get(i) : row.getList(i));
      }
      line.append('\n');
      out.append(line);
    }

    @Override
    public void close(TaskAttemptContext ctx) throws IOException {
      if (out == null) return;
      out.write(ZeekFormat.footer(Instant.now()));
      out.close();
    }
  }
}
