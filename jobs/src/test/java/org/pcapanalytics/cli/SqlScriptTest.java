package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Statements cut at semicolons outside literals, identifiers and comments; shell commands on their own lines. */
class SqlScriptTest {
  private static List<SqlScript.Statement> split(String text) {
    return SqlScript.split(text);
  }

  @Test
  void semicolonsEndStatementsOnlyOutsideQuotesAndComments() {
    assertEquals(List.of(new SqlScript.Statement("SELECT 1", 1), new SqlScript.Statement("SELECT 2", 1)),
        split("SELECT 1; SELECT 2;"));
    String text = "-- a header; not a statement\n"
        + "SELECT 'a;b' AS x, \"c;d\", `e;f``;` -- trailing; comment\n"
        + "  FROM t /* one; /* nested; */ still; */\n"
        + "  WHERE s = 'it\\'s; fine';\n"
        + "\n"
        + ";;  SELECT 3\n"
        + ";";
    List<SqlScript.Statement> all = split(text);
    assertEquals(2, all.size(), all.toString());
    assertEquals("SELECT 'a;b' AS x, \"c;d\", `e;f``;` -- trailing; comment\n"
        + "  FROM t /* one; /* nested; */ still; */\n"
        + "  WHERE s = 'it\\'s; fine'", all.get(0).text());
    assertEquals(2, all.get(0).line());
    assertEquals(new SqlScript.Statement("SELECT 3", 6), all.get(1));
  }

  @Test
  void commandsStandAloneOnlyBetweenStatements() {
    List<SqlScript.Statement> all = split("\\timing on\nSELECT 1\n\\q\n;\n  \\q  \n");
    assertEquals(List.of(new SqlScript.Statement("\\timing on", 1), new SqlScript.Statement("SELECT 1\n\\q", 2),
        new SqlScript.Statement("\\q", 5)), all);
    assertTrue(all.get(0).isCommand());
    assertFalse(all.get(1).isCommand());
  }

  @Test
  void lastStatementWithoutSemicolonAndWhatCountsAsComplete() {
    SqlScript s = new SqlScript();
    assertEquals(List.of(), s.add("SELECT count(*)"));
    assertEquals(List.of(), s.add("FROM packets -- no end yet"));
    assertFalse(s.isBlank());
    assertEquals(new SqlScript.Statement("SELECT count(*)\nFROM packets -- no end yet", 1), s.finish());
    assertNull(s.finish());
    assertNull(new SqlScript().finish());

    for (String done : List.of("", "  ", "SELECT 1;", "SELECT 1; -- done", "\\timing", "SELECT 1;\nSELECT 2;", "/* c */")) {
      assertTrue(SqlScript.complete(done), done);
    }
    for (String open : List.of("SELECT 1", "SELECT ';'", "SELECT 1; SELECT 2", "/* open ;", "SELECT `a;", "x; '")) {
      assertFalse(SqlScript.complete(open), open);
    }
  }
}
