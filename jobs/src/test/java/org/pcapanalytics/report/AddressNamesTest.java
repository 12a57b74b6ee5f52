package org.pcapanalytics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.conn.JobsTests;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.io.WiresharkTools;

/** The {@code names} view against tshark's reading of every DNS response's answer section. */
class AddressNamesTest {
  @Test
  void everyAddressAnswerNamesItsAddressByOwnerAndQuestion() throws Exception {
    WiresharkTools.require("tshark");
    for (String capture : List.of("dns_packets.pcap", "http_espn.pcapng")) {
      Map<String, Long> expected = tshark(Captures.file(capture));
      Dataset<Row> names = AddressNames.of(JobsTests.packets(capture));
      Map<String, Long> ours = new TreeMap<>();
      for (Row r : names.collectAsList()) ours.put(r.getAs("address") + " " + r.getAs("name"), r.getAs("answers"));
      assertTrue(expected.size() > 10, capture + ": " + expected.size());
      assertEquals(expected, ours, capture);

      // per address: at most three names, the most answered first
      for (Row r : AddressNames.perAddress(names).collectAsList()) {
        List<String> shown = r.getList(1);
        assertTrue(!shown.isEmpty() && shown.size() <= AddressNames.SHOWN, shown.toString());
        long previous = Long.MAX_VALUE;
        for (String n : shown) {
          long a = ours.get(r.getAs("address") + " " + n);
          assertTrue(a <= previous, r.toString());
          previous = a;
        }
      }
    }
  }

  /** (address name) -> answers, from tshark's fields of the first ANCOUNT resource records. */
  private static Map<String, Long> tshark(Path capture) throws Exception {
    List<String> lines = WiresharkTools.run(capture.getParent(), "tshark", "-n", "-r", capture.toString(),
        "-Y", "(dns || mdns || llmnr) && dns.flags.response == 1", "-T", "fields", "-E", "separator=/t",
        "-E", "occurrence=a", "-E", "aggregator=|", "-e", "dns.qry.name", "-e", "dns.count.answers",
        "-e", "dns.resp.name", "-e", "dns.resp.type", "-e", "dns.a", "-e", "dns.aaaa");
    Map<String, Long> m = new TreeMap<>();
    for (String l : lines) {
      String[] f = l.split("\t", -1);
      String question = f[0].isEmpty() ? null : norm(f[0].split("\\|")[0]);
      int count = Integer.parseInt(f[1]);
      String[] owners = f[2].split("\\|");
      String[] types = f[3].split("\\|");
      String[] a = f[4].isEmpty() ? new String[0] : f[4].split("\\|");
      String[] aaaa = f[5].isEmpty() ? new String[0] : f[5].split("\\|");
      int ia = 0;
      int iaaaa = 0;
      for (int i = 0; i < Math.min(count, types.length); i++) {
        String address = types[i].equals("1") ? a[ia++] : types[i].equals("28") ? aaaa[iaaaa++] : null;
        if (address == null) continue;
        String owner = norm(owners[i]);
        m.merge(address + " " + owner, 1L, Long::sum);
        if (question != null && !question.equals(owner)) m.merge(address + " " + question, 1L, Long::sum);
      }
    }
    return m;
  }

  private static String norm(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
  }
}
