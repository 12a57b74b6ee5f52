package org.pcapanalytics.io;

import java.util.ArrayList;
import java.util.List;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * Hadoop (mapreduce API) input format for pcap and pcapng captures. Keys are the byte offset of
 * each record in its file; values are a reused {@link PacketRecord}. Large files are split on
 * record boundaries (see {@link CaptureReader}); small files are packed into shared splits.
 *
 * <pre>
 * JavaPairRDD&lt;LongWritable, PacketRecord&gt; rdd = sc.newAPIHadoopFile(
 *     "hdfs:///captures/*.pcap", PcapInputFormat.class, LongWritable.class, PacketRecord.class, conf);
 * </pre>
 */
public class PcapInputFormat extends FileInputFormat<LongWritable, PacketRecord> {
  /** {@code PERMISSIVE} (default), {@code DROPMALFORMED} or {@code FAILFAST}. */
  public static final String MODE = "pcap.mode";
  /** Bytes per split of one file; default: the file's block size bounded by FileInputFormat's min/max. */
  public static final String SPLIT_SIZE = "pcap.split.size";
  /** Small files and tails are packed into splits of about this many bytes (default 128 MiB). */
  public static final String PACK_BYTES = "pcap.split.pack.bytes";
  /** Estimated cost of opening a file, in bytes, when packing (default 4 MiB, as Spark). */
  public static final String OPEN_COST = "pcap.split.open.cost";
  /** Bytes a reader walks back from its split start before synchronising (default: per format, ~1–2 MiB). */
  public static final String LOOKBACK = "pcap.split.lookback";
  /**
   * Spark's ignoreCorruptFiles (default false): a file that is not a capture, or the rest of one
   * that cannot be read (a damaged header, a corrupt or truncated compressed stream), is skipped —
   * counted, logged, the records before kept — instead of failing the job.
   */
  public static final String IGNORE_CORRUPT_FILES = "pcap.ignore.corrupt.files";
  /**
   * Before splitting a pcapng file, walk its block headers once to index where its sections
   * start (default false). Needed only for files with several sections that reuse byte order and
   * interface numbers with different link types or time scales and declare no section lengths:
   * without the index a split deep in such a section decodes with the section the file starts
   * with. Costs one sequential read of the file on the planning side.
   */
  public static final String SECTION_SCAN = "pcap.pcapng.section.scan";

  public static final long DEFAULT_PACK_BYTES = 128L << 20;
  public static final long DEFAULT_OPEN_COST = 4L << 20;

  @Override
  public List<InputSplit> getSplits(JobContext job) throws IOException {
    Configuration conf = job.getConfiguration();
    long splitSize = conf.getLong(SPLIT_SIZE, -1);
    if (splitSize <= 0) {
      long min = Math.max(getFormatMinSplitSize(), getMinSplitSize(job));
      long max = getMaxSplitSize(job);
      splitSize = max == Long.MAX_VALUE && min <= 1 ? -1 : Math.max(min, Math.min(max, 128L << 20));
    }
    SplitPlanner planner = new SplitPlanner(conf, splitSize, conf.getLong(PACK_BYTES, DEFAULT_PACK_BYTES),
        conf.getLong(OPEN_COST, DEFAULT_OPEN_COST)).indexSections(conf.getBoolean(SECTION_SCAN, false));
    return new ArrayList<>(planner.plan(listStatus(job)));
  }

  @Override
  public RecordReader<LongWritable, PacketRecord> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new CaptureRecordReader();
  }
}
