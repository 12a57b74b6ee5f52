package org.pcapanalytics.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding configured files on the driver or an executor (no SparkContext here). */
class ShippedFilesTest {
  @TempDir
  Path tmp;

  /** The local file system under another scheme: stands in for hdfs:// or s3a://. */
  public static final class RemoteFs extends RawLocalFileSystem {
    @Override
    public URI getUri() {
      return URI.create("remotefs:///");
    }
  }

  private static SparkConf conf(String files) {
    return new SparkConf(false).set("spark.files", files)
        .set("spark.hadoop.fs.remotefs.impl", RemoteFs.class.getName())
        .set("spark.hadoop.fs.remotefs.impl.disable.cache", "true");
  }

  @Test
  void localPathsAndFileUris() throws Exception {
    Path f = Files.writeString(tmp.resolve("a.mmdb"), "x");
    List<String> tried = new ArrayList<>();
    assertEquals(f, ShippedFiles.find(f.toString(), conf(""), tried));
    assertEquals(f, ShippedFiles.find(f.toUri().toString(), conf(""), tried));
    assertEquals(List.of(), tried);
  }

  @Test
  void shippedCopyFoundByFileName() throws Exception {
    Path f = Files.writeString(Files.createDirectories(tmp.resolve("ship")).resolve("GeoLite2-ASN.mmdb"), "x");
    Path other = Files.writeString(tmp.resolve("other.mmdb"), "y");
    // configured as a path that does not exist here (the driver's), shipped under the same name
    String configured = tmp.resolve("etc/pcap/GeoLite2-ASN.mmdb").toString();
    assertEquals(f, ShippedFiles.find(configured, conf(other.toUri() + "," + f.toUri()), new ArrayList<>()));
    assertEquals(f, ShippedFiles.find("GeoLite2-ASN.mmdb", conf(f.toString()), new ArrayList<>()));
    // YARN's path#alias names the copy
    assertEquals(other, ShippedFiles.find("asn.mmdb", conf(other.toUri() + "#asn.mmdb"), new ArrayList<>()));
  }

  @Test
  void yarnClientModeFindsTheFileInTheListForTheContainers() throws Exception {
    Path f = Files.writeString(tmp.resolve("yarn-" + System.nanoTime() + ".json"), "{}");
    SparkConf conf = conf("").set("spark.yarn.dist.files", tmp.resolve("other.json").toUri() + "," + f.toUri());
    List<String> tried = new ArrayList<>();
    assertEquals(f, ShippedFiles.find(f.getFileName().toString(), conf, tried));
    assertEquals("spark.yarn.dist.files " + f.toUri(), tried.get(tried.size() - 1));
  }

  @Test
  void remoteFilesAreFetchedOncePerJvm() throws Exception {
    Path f = Files.writeString(tmp.resolve("remote-" + System.nanoTime() + ".mmdb"), "remote bytes");
    String remote = "remotefs://" + f.toAbsolutePath();
    Path copy = ShippedFiles.find(remote, conf(""), new ArrayList<>());
    assertNotEquals(f, copy);
    assertEquals(f.getFileName(), copy.getFileName());
    assertEquals("remote bytes", Files.readString(copy));
    Files.writeString(f, "changed");
    assertEquals(copy, ShippedFiles.find(remote, conf(""), new ArrayList<>()));
    assertEquals("remote bytes", Files.readString(copy)); // once per JVM
    // a remote entry of spark.files, for a name configured without a location
    Path g = Files.writeString(tmp.resolve("shipped-" + System.nanoTime() + ".mmdb"), "shipped");
    Path viaFiles = ShippedFiles.find(g.getFileName().toString(), conf("remotefs://" + g.toAbsolutePath()),
        new ArrayList<>());
    assertEquals("shipped", Files.readString(viaFiles));
  }

  @Test
  void nowhereIsNullWithThePlacesLookedAt() {
    List<String> tried = new ArrayList<>();
    String name = "not-there-" + System.nanoTime() + ".mmdb";
    assertNull(ShippedFiles.find(name, conf(tmp.resolve("x.mmdb").toUri().toString()), tried));
    assertTrue(tried.get(0).endsWith(name), tried.toString());
    tried.clear();
    assertNull(ShippedFiles.find("remotefs://" + tmp.resolve(name), conf(""), tried));
    assertEquals(List.of("remotefs://" + tmp.resolve(name)), tried);
  }
}
