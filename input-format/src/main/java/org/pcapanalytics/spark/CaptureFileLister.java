package org.pcapanalytics.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobFilter;
import org.apache.hadoop.fs.Path;

/**
 * Files named by the {@code path}/{@code paths} options: files, directories (their files; all
 * levels with {@code recursiveFileLookup}) and globs on any Hadoop file system. Hidden files
 * ({@code _*}, {@code .*}) are skipped as Spark does.
 */
public final class CaptureFileLister {
  private CaptureFileLister() {}

  public static List<FileStatus> list(Configuration conf, List<String> paths, boolean recursive, String glob)
      throws IOException {
    if (paths.isEmpty()) throw new IllegalArgumentException("no path given: load(path) or OPTIONS (path '…')");
    GlobFilter filter = glob == null ? null : new GlobFilter(glob);
    Map<String, FileStatus> files = new LinkedHashMap<>();
    for (String p : paths) {
      Path path = new Path(p);
      FileSystem fs = path.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(path);
      if (matches == null || matches.length == 0) {
        throw new FileNotFoundException("Path does not exist: " + fs.makeQualified(path));
      }
      for (FileStatus m : matches) {
        if (m.isDirectory()) {
          addDirectory(fs, m.getPath(), recursive, filter, files);
        } else if (filter == null || filter.accept(m.getPath())) {
          files.put(m.getPath().toString(), m);
        }
      }
    }
    List<FileStatus> out = new ArrayList<>(files.values());
    out.sort(Comparator.comparing(f -> f.getPath().toString()));
    return out;
  }

  private static void addDirectory(FileSystem fs, Path dir, boolean recursive, GlobFilter filter,
      Map<String, FileStatus> files) throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      String name = s.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) continue;
      if (s.isDirectory()) {
        if (recursive) addDirectory(fs, s.getPath(), true, filter, files);
      } else if (filter == null || filter.accept(s.getPath())) {
        files.put(s.getPath().toString(), s);
      }
    }
  }
}
