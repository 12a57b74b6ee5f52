package org.pcapanalytics.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.pcapanalytics.report.html.HtmlReport;

/**
 * The output directory of {@code report --output DIR}, which holds one run at a time, whole.
 *
 * <p>A run writes into {@code DIR/_tmp/run-ID/}; then it is published: the directory is renamed
 * to {@code DIR/_tmp/publish-ID/} (from then on the run is committed to being published, also by
 * the next run should this one die), the previous {@code _summary.json} is moved aside first,
 * then every other entry of the previous run, then the new entries are moved in and the new
 * {@code _summary.json} last. So {@code _summary.json}, when present, always describes the files
 * beside it; a run killed while computing leaves the previous run as it was (and its
 * {@code _tmp/} remains, removed by the next run); a run killed while publishing is finished by
 * the next. On HDFS and local disks each move is an atomic rename.
 *
 * <p>A run replaces the previous run whole: {@code report all} then {@code report dns} leaves the
 * dns outputs and nothing of the first run. A directory holding anything a report does not write
 * (a user's files, another tool's output) is refused, never emptied: see {@link #check}. The
 * caller holds {@code DIR/_lock} ({@code RunLock}) from {@link #open} to {@link #publish}.
 */
public final class ReportDirectory {
  public static final String TMP = "_tmp";
  private static final String RUN = "run-";
  private static final String PUBLISH = "publish-";
  private static final String REPLACED = "replaced-";
  /** In a run being published: the names of its entries but _summary.json, one per line. */
  private static final String ENTRIES = "_entries";
  private static final String LOCK = "_lock";

  /** The directory holds something a report does not write: it is not replaced. */
  public static final class ForeignContentException extends IOException {
    ForeignContentException(String message) {
      super(message);
    }
  }

  private final FileSystem fs;
  private final Path dir;
  private final String id = UUID.randomUUID().toString();

  private ReportDirectory(FileSystem fs, Path dir) {
    this.fs = fs;
    this.dir = dir;
  }

  /** Every name a run writes in {@code DIR}, with the ones this class and the lock add. */
  static Set<String> reportEntries() {
    Set<String> s = new TreeSet<>(List.of(HtmlReport.SUMMARY_JSON, HtmlReport.FILE, TMP, LOCK));
    for (Report r : ReportRegistry.all()) {
      for (Output o : r.outputs()) s.add(o.name());
    }
    return s;
  }

  /**
   * Checks that {@code dir} is absent, empty, or holds only what reports write (and Hadoop's
   * checksum files of those), so that replacing its content loses nothing of anyone else.
   *
   * @throws ForeignContentException naming an entry a report does not write, or when dir is a file
   */
  public static void check(Configuration conf, Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    FileStatus st;
    try {
      st = fs.getFileStatus(dir);
    } catch (java.io.FileNotFoundException e) {
      return;
    }
    if (!st.isDirectory()) throw new ForeignContentException(dir + " is a file, not a directory");
    Set<String> ours = reportEntries();
    List<String> foreign = new ArrayList<>();
    for (FileStatus e : fs.listStatus(dir)) {
      String n = e.getPath().getName();
      boolean checksum = n.startsWith(".") && n.endsWith(".crc") && ours.contains(n.substring(1, n.length() - 4));
      if (!ours.contains(n) && !checksum) foreign.add(n);
    }
    if (!foreign.isEmpty()) {
      foreign.sort(null);
      throw new ForeignContentException(dir + " holds " + (foreign.size() == 1 ? "'" + foreign.get(0) + "'"
          : foreign.size() + " entries such as '" + foreign.get(0) + "'") + ", which no report writes; a report"
          + " replaces the whole directory, so give a new or empty one, or one a report wrote before");
    }
  }

  /**
   * Opens {@code dir} for a run: checks it ({@link #check}), finishes a publication a killed run
   * left, and deletes what killed runs left in {@code _tmp/}.
   */
  public static ReportDirectory open(Configuration conf, Path dir) throws IOException {
    check(conf, dir);
    FileSystem fs = dir.getFileSystem(conf);
    ReportDirectory d = new ReportDirectory(fs, fs.makeQualified(dir));
    Path tmp = new Path(d.dir, TMP);
    if (fs.exists(tmp)) {
      for (FileStatus s : fs.listStatus(tmp)) {
        if (s.getPath().getName().startsWith(PUBLISH)) d.complete(s.getPath());
      }
      fs.delete(tmp, true);
    }
    return d;
  }

  /** Where this run writes its outputs, {@code _summary.json} and {@code report.html}. */
  public Path work() {
    return new Path(new Path(dir, TMP), RUN + id);
  }

  /** Deletes what this run wrote (a run with nothing to publish, or failed). */
  public void discard() throws IOException {
    fs.delete(new Path(dir, TMP), true);
  }

  /** Replaces the previous run in the directory with this one (see the class comment). */
  public void publish() throws IOException {
    Path work = work();
    Set<String> names = new TreeSet<>();
    for (FileStatus s : fs.listStatus(work)) names.add(s.getPath().getName());
    if (!names.remove(HtmlReport.SUMMARY_JSON)) throw new IOException(work + " holds no " + HtmlReport.SUMMARY_JSON);
    try (OutputStream os = fs.create(new Path(work, ENTRIES), false)) {
      os.write(String.join("\n", names).getBytes(StandardCharsets.UTF_8));
    }
    Path publishing = new Path(new Path(dir, TMP), PUBLISH + id);
    rename(work, publishing);
    complete(publishing);
    fs.delete(new Path(dir, TMP), true);
  }

  /** Publishes the run in {@code publishing}, from wherever a killed run stopped. */
  private void complete(Path publishing) throws IOException {
    Path summary = new Path(publishing, HtmlReport.SUMMARY_JSON);
    if (!fs.exists(summary)) return; // committed: only the empty directory was left to delete
    Set<String> entries = new LinkedHashSet<>();
    try (InputStream in = fs.open(new Path(publishing, ENTRIES))) {
      for (String n : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!n.isEmpty()) entries.add(n);
      }
    }
    Set<String> pending = new TreeSet<>();
    for (FileStatus s : fs.listStatus(publishing)) pending.add(s.getPath().getName());
    Path old = new Path(new Path(dir, TMP), REPLACED + publishing.getName().substring(PUBLISH.length()));
    fs.mkdirs(old);
    // the previous run: its _summary.json first, so that none describes a directory in between
    Path oldSummary = new Path(dir, HtmlReport.SUMMARY_JSON);
    if (fs.exists(oldSummary)) rename(oldSummary, new Path(old, HtmlReport.SUMMARY_JSON));
    for (FileStatus s : fs.listStatus(dir)) {
      String n = s.getPath().getName();
      boolean movedIn = entries.contains(n) && !pending.contains(n); // by the killed run that published this
      if (n.equals(TMP) || n.equals(LOCK) || movedIn) continue;
      rename(s.getPath(), new Path(old, n));
    }
    for (String n : entries) {
      if (pending.contains(n)) rename(new Path(publishing, n), new Path(dir, n));
    }
    rename(summary, new Path(dir, HtmlReport.SUMMARY_JSON));
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) throw new IOException("could not rename " + from + " to " + to);
  }
}
