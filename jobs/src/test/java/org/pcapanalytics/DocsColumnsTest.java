package org.pcapanalytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.conn.Connections;
import org.pcapanalytics.report.AddressNames;
import org.pcapanalytics.spark.PacketColumn;

/**
 * docs/columns.md against the code: each section's table lists the columns of its schema, in
 * schema order, with Spark's type names — the contract cannot drift from what the code declares.
 */
class DocsColumnsTest {
  private static final Path DOC = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."))
      .resolve("docs/columns.md");

  /** The {@code | name | type |} rows of the table under the heading {@code ## `section`}. */
  private static List<String> table(String section) throws IOException {
    List<String> rows = new ArrayList<>();
    boolean in = false;
    for (String line : Files.readAllLines(DOC.toFile().exists() ? DOC : Path.of("../docs/columns.md"),
        StandardCharsets.UTF_8)) {
      if (line.startsWith("## ")) in = line.equals("## `" + section + "`");
      if (!in || !line.startsWith("| `")) continue;
      String[] cells = line.split("\\|");
      rows.add(strip(cells[1]) + " " + strip(cells[2]).replace(" ", ""));
    }
    return rows;
  }

  private static String strip(String cell) {
    return cell.trim().replace("`", "");
  }

  private static List<String> columns(StructType schema) {
    List<String> l = new ArrayList<>();
    for (StructField f : schema.fields()) l.add(f.name() + " " + f.dataType().simpleString());
    return l;
  }

  @Test
  void everyViewIsDocumentedAsDeclared() throws IOException {
    assertEquals(columns(PacketColumn.SCHEMA), table("packets"));
    assertEquals(columns(Connections.SCHEMA), table("connections"));
    assertEquals(List.of("address string", "name string", "first_seen timestamp", "last_seen timestamp",
        "answers bigint"), table(AddressNames.VIEW));
  }
}
