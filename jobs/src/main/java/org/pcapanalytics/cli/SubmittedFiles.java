package org.pcapanalytics.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import scala.Tuple2;

/**
 * Finds a file named on the command line (such as {@code --config pcap-analytics.json}) also when
 * the driver runs on a cluster node and the file came with {@code spark-submit --files}.
 *
 * <p>YARN (cluster mode) and Kubernetes put {@code --files} into the driver's working directory,
 * so a relative name resolves as is. A standalone cluster starts the driver in a work directory
 * of its own and passes {@code spark.files} on, as the submitter wrote it; a running
 * SparkContext keeps its copies in the {@link SparkFiles} directory. YARN in client mode runs the
 * driver where spark-submit runs and lists {@code --files} in {@code spark.yarn.dist.files} only
 * (for the containers), as the submitter wrote them.
 */
final class SubmittedFiles {
  /** Where spark-submit lists {@code --files}: every cluster manager but YARN, and YARN. */
  private static final List<String> FILE_LISTS = List.of("spark.files", "spark.yarn.dist.files");

  private SubmittedFiles() {}

  /**
   * The file as given when it exists or is absolute; else a copy shipped under the same file name
   * (SparkFiles directory, or an entry of {@code spark.files} or {@code spark.yarn.dist.files},
   * fetched when it is remote); else the path as given, so the caller reports it missing.
   */
  static Path resolve(String name) {
    return resolve(name, new SparkConf());
  }

  static Path resolve(String name, SparkConf conf) {
    Path given = Path.of(name);
    if (given.isAbsolute() || Files.exists(given) || given.getFileName() == null) return given;
    String fileName = given.getFileName().toString();
    if (SparkEnv.get() != null) {
      Path p = Path.of(SparkFiles.get(fileName));
      if (Files.isRegularFile(p)) return p;
    }
    for (String entry : FILE_LISTS.stream().flatMap(key -> Arrays.stream(conf.get(key, "").split(","))).toList()) {
      entry = entry.trim();
      if (entry.isEmpty()) continue;
      URI uri = uri(entry);
      // YARN's "path#alias" names the copy; otherwise the copy has the source's file name.
      String shipped = uri.getFragment() != null ? uri.getFragment() : Path.of(uri.getPath()).getFileName().toString();
      if (!shipped.equals(fileName)) continue;
      String scheme = uri.getScheme();
      if (scheme == null || scheme.equals("file") || scheme.equals("local")) {
        Path p = Path.of(uri.getPath());
        if (Files.isRegularFile(p)) return p;
      } else {
        return fetch(uri, fileName, conf);
      }
    }
    return given;
  }

  private static URI uri(String entry) {
    try {
      return new URI(entry);
    } catch (URISyntaxException e) {
      return Path.of(entry).toUri();
    }
  }

  /** Copies a remote file (hdfs://, s3a://, ...) to a local temporary directory. */
  private static Path fetch(URI uri, String fileName, SparkConf conf) {
    Configuration hadoop = new Configuration();
    for (Tuple2<String, String> kv : conf.getAllWithPrefix("spark.hadoop.")) hadoop.set(kv._1(), kv._2());
    URI source = URI.create(uri.getScheme() + ":" + uri.getRawSchemeSpecificPart());
    try {
      Path dir = Files.createTempDirectory("pcap-analytics-files");
      dir.toFile().deleteOnExit();
      Path target = dir.resolve(fileName);
      try (InputStream in = FileSystem.get(source, hadoop).open(new org.apache.hadoop.fs.Path(source))) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      target.toFile().deleteOnExit();
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot fetch " + source + ": " + e.getMessage(), e);
    }
  }
}
