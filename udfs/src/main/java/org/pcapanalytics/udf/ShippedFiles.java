package org.pcapanalytics.udf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import scala.Tuple2;

/**
 * Finds a file named on the command line ({@code --config}) or in the configuration (a GeoIP
 * database) on whichever JVM needs it: the driver or an executor, in local mode or on a cluster,
 * also when it came with {@code spark-submit --files}.
 *
 * <p>In order: a Hadoop file system URI ({@code hdfs://…}, {@code s3a://…}) is copied once per JVM
 * to a local temporary file (memory-mapping needs a local file); a local path or {@code file:} URI
 * is taken when the file is there; else a copy shipped under the same file name:
 * {@code spark-submit --files} / {@code spark.files} put it into the {@link SparkFiles} root
 * directory (an executor's working directory; a temporary folder on a driver), YARN (cluster mode)
 * and Kubernetes also into the driver's working directory; else an entry with that file name (YARN's
 * {@code path#alias} names the copy) of the lists spark-submit passes on as the submitter wrote
 * them, read where it is or fetched when it is remote. That is how a standalone cluster's driver
 * finds them before its SparkContext has fetched anything ({@code spark.files}), and a YARN
 * client-mode driver, which runs where spark-submit runs and gets {@code --files} only in the list
 * for the containers ({@code spark.yarn.dist.files}).
 */
public final class ShippedFiles {
  /** Where spark-submit lists {@code --files}: for every cluster manager but YARN, and for YARN. */
  private static final List<String> FILE_LISTS = List.of("spark.files", "spark.yarn.dist.files");

  private ShippedFiles() {}

  /** Remote files already copied into this JVM, by URI. */
  private static final ConcurrentHashMap<String, Path> FETCHED = new ConcurrentHashMap<>();

  /**
   * A local, readable copy of {@code location}, or {@code null} when there is none; each place
   * looked at is added to {@code tried} (for the caller's message).
   *
   * @throws UncheckedIOException when a remote file exists but cannot be copied
   */
  public static Path find(String location, List<String> tried) {
    SparkEnv env = SparkEnv.get();
    return find(location, env != null ? env.conf() : new SparkConf(), tried);
  }

  static Path find(String location, SparkConf conf, List<String> tried) {
    URI uri = remoteUri(location);
    if (uri != null) {
      tried.add(location);
      return fetch(uri, conf);
    }
    Path given = localPath(location);
    if (given == null) {
      tried.add(location + " (not a valid path)");
      return null;
    }
    if (Files.isRegularFile(given)) return given;
    tried.add(given.toAbsolutePath().toString());
    if (given.getFileName() == null) return null;
    String name = given.getFileName().toString();
    Path inWorkDir = Path.of(name);
    if (!inWorkDir.equals(given) && Files.isRegularFile(inWorkDir)) return inWorkDir;
    if (SparkEnv.get() != null) {
      // Files of the whole application lie in the root (an executor's working directory); files a
      // session added itself (ADD FILE, with artifact isolation) in the session's sub-directory.
      for (Path p : List.of(Path.of(SparkFiles.getRootDirectory(), name), Path.of(SparkFiles.get(name)))) {
        if (Files.isRegularFile(p)) return p;
        tried.add(p.toAbsolutePath().toString());
      }
    }
    for (String list : FILE_LISTS) {
      for (String entry : conf.get(list, "").split(",")) {
        entry = entry.trim();
        if (entry.isEmpty()) continue;
        URI e = uri(entry);
        // YARN's "path#alias" names the copy; otherwise the copy has the source's file name.
        String shipped = e.getFragment() != null ? e.getFragment() : fileName(e.getPath());
        if (!name.equals(shipped)) continue;
        URI remote = remoteUri(withoutFragment(e).toString());
        tried.add(list + " " + entry);
        if (remote != null) return fetch(remote, conf);
        Path p = Path.of(e.getPath());
        if (Files.isRegularFile(p)) return p;
      }
    }
    return null;
  }

  /** The URI when {@code location} names a Hadoop file system other than the local one, else null. */
  private static URI remoteUri(String location) {
    URI u;
    try {
      u = new URI(location);
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = u.getScheme();
    // A one-letter scheme is a Windows drive (C:\...).
    if (scheme == null || scheme.length() < 2 || scheme.equals("file") || scheme.equals("local")) return null;
    return u;
  }

  private static Path localPath(String location) {
    try {
      if (location.startsWith("file:") || location.startsWith("local:")) {
        return Path.of(new URI(location).getPath());
      }
      return Path.of(location);
    } catch (URISyntaxException | IllegalArgumentException e) { // InvalidPathException is one
      return null;
    }
  }

  private static URI uri(String entry) {
    try {
      return new URI(entry);
    } catch (URISyntaxException e) {
      return Path.of(entry).toUri();
    }
  }

  private static URI withoutFragment(URI u) {
    return u.getFragment() == null ? u : URI.create(u.getScheme() + ":" + u.getRawSchemeSpecificPart());
  }

  private static String fileName(String path) {
    if (path == null) return "";
    int slash = path.lastIndexOf('/');
    return path.substring(slash + 1);
  }

  /** Copies a remote file (hdfs://, s3a://, ...) into a local temporary folder, once per JVM. */
  private static Path fetch(URI uri, SparkConf conf) {
    return FETCHED.computeIfAbsent(uri.toString(), k -> {
      Configuration hadoop = new Configuration();
      for (Tuple2<String, String> kv : conf.getAllWithPrefix("spark.hadoop.")) hadoop.set(kv._1(), kv._2());
      org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(uri);
      try {
        FileSystem fs = FileSystem.get(uri, hadoop);
        if (!fs.isFile(source)) return null;
        Path dir = Files.createTempDirectory("pcap-analytics-files");
        dir.toFile().deleteOnExit();
        Path target = dir.resolve(fileName(uri.getPath()));
        try (InputStream in = fs.open(source)) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        target.toFile().deleteOnExit();
        return target;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot fetch " + uri + ": " + e.getMessage(), e);
      }
    });
  }
}
