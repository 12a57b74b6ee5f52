package org.pcapanalytics.spark;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.util.AccumulatorV2;

/**
 * The files a scan did not read to their end (ignoreCorruptFiles), each with where and why, so
 * that reports can name them. An accumulator: it travels to the executors inside the reader
 * factory, each task's readers add to the task's copy, and Spark merges the copies of finished
 * tasks into the one registered on the driver. Keyed by path, so a retried task adds nothing.
 */
final class SkippedFiles extends AccumulatorV2<Map.Entry<String, String>, Map<String, String>> {
  private static final long serialVersionUID = 1L;
  /** Names kept at most (the read statistics count every skipped file). */
  static final int MAX_NAMED = 10_000;

  private final TreeMap<String, String> files = new TreeMap<>();

  /** Notes a skipped file. */
  void add(String path, String why) {
    add(Map.entry(path, why));
  }

  @Override
  public synchronized boolean isZero() {
    return files.isEmpty();
  }

  @Override
  public synchronized SkippedFiles copy() {
    SkippedFiles c = new SkippedFiles();
    c.files.putAll(files);
    return c;
  }

  @Override
  public synchronized void reset() {
    files.clear();
  }

  @Override
  public synchronized void add(Map.Entry<String, String> file) {
    if (files.size() < MAX_NAMED || files.containsKey(file.getKey())) files.putIfAbsent(file.getKey(), file.getValue());
  }

  @Override
  public void merge(AccumulatorV2<Map.Entry<String, String>, Map<String, String>> other) {
    for (Map.Entry<String, String> e : other.value().entrySet()) add(e);
  }

  /** Path → "at offset N: what is wrong", in path order. */
  @Override
  public synchronized Map<String, String> value() {
    return Collections.unmodifiableMap(new TreeMap<>(files));
  }
}
