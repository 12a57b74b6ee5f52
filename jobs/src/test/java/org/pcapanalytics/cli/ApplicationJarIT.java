package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The packaged application jar for spark-submit: thin, complete, runnable by name. */
class ApplicationJarIT {
  private final Path jar = Path.of(System.getProperty("pcap.app.jar", "target/missing.jar"));

  @Test
  void holdsOnlyOurClassesWithMergedServicesAndMainClass() throws Exception {
    assertTrue(Files.isRegularFile(jar), "built by mvn package: " + jar);
    long size = Files.size(jar);
    System.out.printf("ApplicationJarIT: %s is %,d bytes%n", jar.getFileName(), size);
    assertTrue(size < 3_000_000, "thin (no Spark, Hadoop, Jackson, Scala; Guava cut down): " + size + " bytes");
    try (JarFile j = new JarFile(jar.toFile())) {
      List<String> foreign = j.stream().map(ZipEntry::getName)
          .filter(n -> !n.startsWith("org/pcapanalytics/") && !n.startsWith("META-INF/") && !n.equals("org/"))
          .toList();
      assertEquals(List.of(), foreign, "entries outside our packages (libraries are relocated)");
      for (String c : List.of("org/pcapanalytics/cli/Main.class", "org/pcapanalytics/spark/PcapDataSource.class",
          "org/pcapanalytics/udf/PcapSparkExtensions.class", "org/pcapanalytics/io/PcapInputFormat.class",
          "org/pcapanalytics/shaded/com/google/common/net/InternetDomainName.class",
          "org/pcapanalytics/shaded/com/google/thirdparty/publicsuffix/PublicSuffixPatterns.class",
          "org/pcapanalytics/shaded/com/maxmind/geoip2/DatabaseReader.class",
          "org/pcapanalytics/shaded/com/maxmind/db/Reader.class",
          "org/pcapanalytics/shaded/org/jline/reader/LineReaderBuilder.class",
          "org/pcapanalytics/shaded/org/jline/terminal/impl/exec/ExecTerminalProvider.class",
          "org/pcapanalytics/shaded/org/jline/utils/xterm-256color.caps")) {
        assertNotNull(j.getEntry(c), c);
      }
      assertEquals("org.pcapanalytics.cli.Main", j.getManifest().getMainAttributes().getValue("Main-Class"));
      ZipEntry services = j.getEntry("META-INF/services/org.apache.spark.sql.sources.DataSourceRegister");
      assertNotNull(services, "format(\"pcap\") registration");
      try (InputStream in = j.getInputStream(services)) {
        assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("org.pcapanalytics.spark.PcapDataSource"));
      }
    }
  }
}
