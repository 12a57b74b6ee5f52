package org.pcapanalytics.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/** What the footers of written Parquet files say. */
final class ParquetFooters {
  private ParquetFooters() {}

  /** Per column of the first Parquet file under {@code dir}: whether its first row group has a dictionary page. */
  static Map<String, Boolean> dictionaryPages(Path dir) throws IOException {
    Path file;
    try (Stream<Path> s = Files.walk(dir)) {
      file = s.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Map<String, Boolean> dictionary = new TreeMap<>();
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
      for (ColumnChunkMetaData c : r.getFooter().getBlocks().get(0).getColumns()) {
        dictionary.put(c.getPath().toDotString(), c.hasDictionaryPage());
      }
    }
    return dictionary;
  }
}
