package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolving {@code --config NAME} against the files spark-submit shipped. */
class SubmittedFilesTest {
  @TempDir
  Path tmp;

  private static SparkConf files(String value) {
    return new SparkConf(false).set("spark.files", value);
  }

  @Test
  void existingOrAbsolutePathIsTakenAsIs() throws Exception {
    Path f = Files.writeString(tmp.resolve("site.json"), "{}");
    assertEquals(f, SubmittedFiles.resolve(f.toString(), files("")));
    Path missing = tmp.resolve("missing.json");
    assertEquals(missing, SubmittedFiles.resolve(missing.toString(), files(f.toUri().toString())));
  }

  @Test
  void relativeNameFindsTheShippedFileOfThatName() throws Exception {
    Path f = Files.writeString(Files.createDirectories(tmp.resolve("conf")).resolve("site-" + System.nanoTime() + ".json"), "{}");
    String name = f.getFileName().toString();
    Path other = Files.writeString(tmp.resolve("other.json"), "{}");
    assertEquals(f, SubmittedFiles.resolve(name, files(other.toUri() + "," + f.toUri())));
    assertEquals(f, SubmittedFiles.resolve(name, files(f.toString())), "a plain path in spark.files");
    assertEquals(f, SubmittedFiles.resolve("some/dir/" + name, files(f.toUri().toString())), "matched by file name");
  }

  @Test
  void yarnAliasNamesTheCopy() throws Exception {
    Path f = Files.writeString(tmp.resolve("a.json"), "{}");
    assertEquals(f, SubmittedFiles.resolve("alias-" + tmp.getFileName() + ".json",
        files(f.toUri() + "#alias-" + tmp.getFileName() + ".json")));
  }

  @Test
  void yarnClientModeFindsTheFileInTheListForTheContainers() throws Exception {
    Path f = Files.writeString(tmp.resolve("yarn-" + System.nanoTime() + ".json"), "{}");
    SparkConf conf = new SparkConf(false).set("spark.yarn.dist.files", tmp.resolve("other.json").toUri() + "," + f.toUri());
    assertEquals(f, SubmittedFiles.resolve(f.getFileName().toString(), conf));
  }

  @Test
  void notShippedLeavesThePathAsGivenForTheErrorMessage() {
    String name = "not-there-" + System.nanoTime() + ".json";
    assertEquals(Path.of(name), SubmittedFiles.resolve(name, files(tmp.resolve("x.json").toUri().toString())));
    assertEquals(Path.of(name), SubmittedFiles.resolve(name, files("")));
  }
}
