package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/submit's arguments, against a stand-in spark-submit that prints what it was given. */
class SubmitScriptIT {
  @TempDir
  Path tmp;

  private final Path root = Path.of(System.getProperty("pcap.project.root", "..")).toAbsolutePath();
  private final String jar = Path.of(System.getProperty("pcap.app.jar", "missing.jar")).toAbsolutePath().toString();

  private record Run(int status, List<String> args, String stdout, String stderr) {}

  /** A stand-in for spark-submit or java that prints its arguments. */
  private Path printer(String path) throws Exception {
    Path fake = tmp.resolve(path);
    if (!Files.exists(fake)) {
      Files.createDirectories(fake.getParent());
      Files.writeString(fake, "#!/bin/sh\necho \"OPTS=$SPARK_SUBMIT_OPTS\"\nfor a in \"$@\"; do echo \"ARG $a\"; done\n");
      Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return fake;
  }

  private Run submit(String... args) throws Exception {
    return submit(Map.of("PCAP_ANALYTICS_SPARK_SUBMIT", printer("spark-submit").toString()), args);
  }

  private Run submit(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("scripts/submit").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile())
        .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
    for (String v : List.of("PCAP_ANALYTICS_CONF_DIR", "HADOOP_CONF_DIR", "YARN_CONF_DIR")) pb.environment().remove(v);
    pb.environment().put("PCAP_ANALYTICS_NO_BUILD", "1");
    pb.environment().putAll(env);
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "scripts/submit finished");
    String out = Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8);
    List<String> a = out.lines().filter(l -> l.startsWith("ARG ")).map(l -> l.substring(4)).toList();
    return new Run(p.exitValue(), a, out, Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8));
  }

  @Test
  void optionsBeforeSeparatorGoToSparkSubmitCommandAfterIt() throws Exception {
    Run r = submit("--master", "spark://h:7077", "--files", "a.txt", "--conf", "spark.x=1", "--",
        "report", "all", "--input", "hdfs:///c", "--files", "not-ours");
    assertEquals(0, r.status, r.stderr);
    String conf = root.resolve("conf").toString();
    assertEquals(List.of("--class", "org.pcapanalytics.cli.Main",
        "--files", conf + "/pcap-analytics.json,a.txt",
        "--properties-file", conf + "/spark-defaults.conf",
        "--master", "spark://h:7077", "--conf", "spark.x=1",
        jar, "report", "all", "--input", "hdfs:///c", "--files", "not-ours"), r.args);
    assertTrue(r.stdout.contains("OPTS=-Dlog4j2.configurationFile=" + conf + "/log4j2.properties"), r.stdout);
  }

  @Test
  void ownPropertiesFileReplacesOursAndCommandAloneNeedsNoSeparator() throws Exception {
    Run r = submit("--properties-file=my.conf", "--files=b.txt", "--", "summary", "--input", "x");
    assertEquals(0, r.status, r.stderr);
    assertEquals(List.of("--class", "org.pcapanalytics.cli.Main",
        "--files", root.resolve("conf") + "/pcap-analytics.json,b.txt", "--properties-file=my.conf",
        jar, "summary", "--input", "x"), r.args);
    Run plain = submit("summary", "--input", "x");
    assertEquals(0, plain.status, plain.stderr);
    assertEquals(List.of(jar, "summary", "--input", "x"), plain.args.subList(plain.args.size() - 4, plain.args.size()));
  }

  @Test
  void builtinSparkSubmitOnYarnReadsHadoopConfDirAndShipsTheProjectsSparkJars() throws Exception {
    String sparkJars = Files.readString(Path.of(jar).getParent().resolve("spark-classpath.txt")).strip();
    assertTrue(sparkJars.contains("/spark-yarn_2.13-"), "spark-yarn among the project's Spark jars");
    Map<String, String> env = Map.of("PCAP_ANALYTICS_SPARK_SUBMIT", "builtin",
        "JAVA_HOME", printer("jdk/bin/java").getParent().getParent().toString(), "HADOOP_CONF_DIR", "/etc/hadoop/conf");
    Run yarn = submit(env, "--master", "yarn", "--deploy-mode", "cluster", "--", "summary", "--input", "x");
    assertEquals(0, yarn.status, yarn.stderr);
    assertEquals(sparkJars + ":/etc/hadoop/conf", yarn.args.get(yarn.args.indexOf("-cp") + 1), "classpath");
    assertTrue(yarn.args.contains("spark.yarn.jars=" + sparkJars.replace(':', ',')), yarn.args.toString());
    assertTrue(yarn.stderr.contains("shipping the project's Spark jars"), yarn.stderr);

    // Spark's jars named by the user (--conf, or the properties file) are theirs; other masters need none.
    Run archive = submit(env, "--master=yarn", "--conf", "spark.yarn.archive=hdfs:///spark/jars.zip", "--", "summary");
    Path props = Files.writeString(tmp.resolve("site.conf"), "spark.yarn.jars  local:/opt/spark/jars/*\n");
    Run fromFile = submit(env, "--master", "yarn", "--properties-file", props.toString(), "--", "summary");
    Run standalone = submit(env, "--master", "spark://h:7077", "--", "summary");
    for (Run r : List.of(archive, fromFile, standalone)) {
      assertEquals(0, r.status, r.stderr);
      assertTrue(r.args.stream().noneMatch(a -> a.startsWith("spark.yarn.jars=")), r.args.toString());
    }
  }

  @Test
  void helpAndUsageErrors() throws Exception {
    Run help = submit("--help");
    assertEquals(0, help.status);
    assertTrue(help.stdout.startsWith("usage: scripts/submit [SPARK-SUBMIT OPTIONS] -- COMMAND [ARGS]"), help.stdout);
    Run none = submit();
    assertEquals(2, none.status);
    assertTrue(none.stderr.contains("usage:"), none.stderr);
    Run noSeparator = submit("--master", "yarn", "report", "all");
    assertEquals(2, noSeparator.status);
    assertTrue(noSeparator.stderr.contains("put -- between"), noSeparator.stderr);
    Run noCommand = submit("--master", "yarn", "--");
    assertEquals(2, noCommand.status);
    Run missingValue = submit("--files", "--", "report");
    assertEquals(2, missingValue.status);
    assertTrue(missingValue.stderr.contains("--files needs a value"), missingValue.stderr);
  }
}
