package org.pcapanalytics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.conn.JobsTests;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.report.html.HtmlReport;

/**
 * The registry's declarations against what the reports do: each report run alone reads enough
 * columns, writes exactly the outputs it declares, in order, with the rows it writes in
 * {@code all}; {@code all} writes every declared output; the HTML page draws only outputs that
 * exist.
 */
class ReportRegistryTest {
  @TempDir
  Path tmp;

  private ObjectNode run(String report) throws IOException {
    ReportOptions o = ReportOptions.builder().inputs(List.of(Captures.file("http_espn.pcapng").toString()))
        .outputDir(tmp.resolve(report).toString()).build();
    return ReportRunner.run(JobsTests.spark(), report, o, new PrintStream(OutputStream.nullOutputStream()));
  }

  private static List<String> names(JsonNode outputs) {
    List<String> l = new ArrayList<>();
    outputs.fieldNames().forEachRemaining(l::add);
    return l;
  }

  /** An output's summary entry without what differs between runs (path, time). */
  private static JsonNode entry(JsonNode summary, String output) {
    ObjectNode e = summary.path("reports").path(output).deepCopy();
    e.remove(List.of("path", "seconds"));
    return e;
  }

  @Test
  void eachReportAloneWritesItsDeclaredOutputsAsInAll() throws IOException {
    ObjectNode all = run(ReportRegistry.ALL);
    List<String> declared = new ArrayList<>();
    for (Report r : ReportRegistry.all()) {
      List<String> outputs = r.outputs().stream().map(Output::name).toList();
      declared.addAll(outputs);
      ObjectNode alone = run(r.name());
      assertEquals(outputs, names(alone.path("reports")), r.name());
      for (String o : outputs) {
        assertTrue(Files.exists(tmp.resolve(r.name()).resolve(o).resolve("_SUCCESS")), o);
        JsonNode a = entry(all, o);
        JsonNode b = entry(alone, o);
        if (o.equals(SummaryReport.SUMMARY.name())) {
          // alone, the summary does not assemble connections just to count them
          assertTrue(b.path("first").path(0).path("connections").isNull(), b.toString());
          ((ObjectNode) a.path("first").path(0)).remove("connections");
          ((ObjectNode) b.path("first").path(0)).remove("connections");
        }
        assertEquals(a, b, o);
      }
    }
    assertEquals(declared, names(all.path("reports")));
    assertTrue(declared.containsAll(HtmlReport.ROWS_DRAWN.keySet()), HtmlReport.ROWS_DRAWN.keySet().toString());
  }
}
