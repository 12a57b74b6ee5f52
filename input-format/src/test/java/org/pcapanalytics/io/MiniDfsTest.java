package org.pcapanalytics.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.mapreduce.InputSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A multi-block capture on HDFS (1 MiB blocks) read through hdfs:// gives exactly the local file's records. */
class MiniDfsTest {
  @TempDir
  Path tmp;

  @Test
  void multiBlockCaptureOnHdfs() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
    conf.setLong("dfs.blocksize", 1 << 20);
    conf.setInt("dfs.replication", 1);
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try {
      cluster.waitActive();
      FileSystem fs = cluster.getFileSystem();
      byte[] data = PcapInputFormatTest.capture(7000, 11);
      assertTrue(data.length > 4 << 20, "several blocks: " + data.length);
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path("/captures/sensor1/day.pcap");
      try (OutputStream out = fs.create(p)) {
        out.write(data);
      }
      Configuration job = new Configuration(fs.getConf());
      job.setLong(PcapInputFormat.PACK_BYTES, 1 << 20);
      String uri = fs.getUri() + "/captures";
      job.setBoolean(org.apache.hadoop.mapreduce.lib.input.FileInputFormat.INPUT_DIR_RECURSIVE, true);
      List<InputSplit> splits = PcapInputFormatTest.splits(job, uri);
      assertTrue(splits.size() >= 4, "one split per block: " + splits.size());
      for (InputSplit s : splits) assertTrue(s.getLocations().length > 0, "block locations for " + s);
      List<String> viaHdfs = PcapInputFormatTest.readAll(job, splits);
      List<String> local = new ArrayList<>();
      for (Rec r : Captures.read(data, 0, data.length, Captures.small())) {
        local.add(fs.getUri() + "/captures/sensor1/day.pcap@" + r.offset + "/" + r.caplen);
      }
      assertEquals(local, viaHdfs);
    } finally {
      cluster.shutdown();
    }
  }
}
