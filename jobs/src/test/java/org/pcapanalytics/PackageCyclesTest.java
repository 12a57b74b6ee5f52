package org.pcapanalytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of every module's main code depend on each other one way: no cycle, however long.
 * Dependencies are read twice, as neither way sees all of them: from the compiled classes with
 * the JDK's {@code jdeps} (what the code really uses, also through types it never names), and
 * from the sources (compile-time constants, which javac copies into the class that uses them).
 * Modules not built yet are checked by their sources only.
 *
 * <p>Run alone: {@code mvn -o -B -pl jobs -am test -Dtest=PackageCyclesTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PackageCyclesTest {
  private static final String PROJECT = "org.pcapanalytics";
  /** A reference to a class of ours in source text: its package is the lower-case part. */
  private static final Pattern SOURCE_REF = Pattern.compile("\\borg\\.pcapanalytics\\.([a-z0-9_.]+?)\\.([A-Z]\\w*|\\*)");
  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  /** A line of {@code jdeps -verbose:class}: "   a.B   -> c.D   archive". */
  private static final Pattern JDEPS_LINE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s");

  /** Package -> packages it uses, each with one example of the use. */
  private final Map<String, Map<String, String>> graph = new TreeMap<>();
  private int sourceEdges;
  private int classEdges;

  @Test
  void noPackageCycleAcrossModules() throws IOException {
    Path root = Path.of(System.getProperty("pcap.project.root", "..")).toAbsolutePath().normalize();
    List<Path> modules = new ArrayList<>();
    try (Stream<Path> s = Files.list(root)) {
      s.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).sorted().forEach(modules::add);
    }
    assertTrue(modules.size() >= 3, "modules under " + root + ": " + modules);
    for (Path m : modules) fromSources(m.resolve("src/main/java"));
    fromClasses(modules);
    // both readings found what is certainly there, so an empty result means something
    assertTrue(sourceEdges > 0 && classEdges > 0, sourceEdges + " source and " + classEdges + " class references");
    assertTrue(graph.getOrDefault(PROJECT + ".cli", Map.of()).containsKey(PROJECT + ".config"), graph.toString());

    List<String> cycles = new ArrayList<>();
    for (List<String> component : stronglyConnected()) {
      if (component.size() < 2) continue;
      StringBuilder sb = new StringBuilder("cycle among " + component + ":");
      for (String from : component) {
        for (Map.Entry<String, String> e : graph.getOrDefault(from, Map.of()).entrySet()) {
          if (component.contains(e.getKey())) sb.append("\n  ").append(from).append(" -> ").append(e.getKey())
              .append("   (").append(e.getValue()).append(')');
        }
      }
      cycles.add(sb.toString());
    }
    assertEquals("", String.join("\n", cycles), "package dependencies must point one way");
  }

  private void edge(String from, String to, String example) {
    if (from.equals(to)) return;
    graph.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(to, example);
    graph.computeIfAbsent(to, k -> new TreeMap<>());
  }

  private void fromSources(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    for (Path f : files) {
      String text = Files.readString(f);
      Matcher p = PACKAGE.matcher(text);
      if (!p.find()) continue;
      Matcher m = SOURCE_REF.matcher(code(text));
      while (m.find()) {
        edge(p.group(1), PROJECT + "." + m.group(1), dir.relativize(f) + " names " + m.group(0));
        sourceEdges++;
      }
    }
  }

  /** The Java text without comments, string, text block and character literals. */
  static String code(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      if (s.startsWith("//", i)) {
        i = s.indexOf('\n', i) < 0 ? s.length() : s.indexOf('\n', i);
      } else if (s.startsWith("/*", i)) {
        i = s.indexOf("*/", i + 2) < 0 ? s.length() : s.indexOf("*/", i + 2) + 2;
      } else if (s.startsWith("\"\"\"", i)) {
        i = s.indexOf("\"\"\"", i + 3) < 0 ? s.length() : s.indexOf("\"\"\"", i + 3) + 3;
      } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
        char q = s.charAt(i++);
        while (i < s.length() && s.charAt(i) != q) i += s.charAt(i) == '\\' ? 2 : 1;
        i++;
      } else {
        out.append(s.charAt(i++));
      }
    }
    return out.toString();
  }

  /** jdeps over every built module's classes; a class whose source is gone (stale) is left out. */
  private void fromClasses(List<Path> modules) {
    List<String> args = new ArrayList<>(List.of("-verbose:class", "-filter:none", "-e", "org\\.pcapanalytics\\..*"));
    for (Path m : modules) {
      if (Files.isDirectory(m.resolve("target/classes"))) args.add(m.resolve("target/classes").toString());
    }
    ToolProvider jdeps = ToolProvider.findFirst("jdeps")
        .orElseThrow(() -> new AssertionError("no jdeps: run the tests on a JDK"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), args.toArray(new String[0]));
    assertEquals(0, rc, "jdeps " + args + ": " + err);
    for (String line : out.toString().split("\n")) {
      Matcher m = JDEPS_LINE.matcher(line);
      if (!m.find() || !m.group(2).startsWith(PROJECT + ".") || !hasSource(modules, m.group(1))) continue;
      edge(packageOf(m.group(1)), packageOf(m.group(2)), m.group(1) + " uses " + m.group(2));
      classEdges++;
    }
  }

  private static boolean hasSource(List<Path> modules, String className) {
    String outer = className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
    String file = outer.replace('.', '/') + ".java";
    return modules.stream().anyMatch(m -> Files.exists(m.resolve("src/main/java").resolve(file)));
  }

  private static String packageOf(String className) {
    return className.substring(0, className.lastIndexOf('.'));
  }

  /** Tarjan's strongly connected components of the graph. */
  private List<List<String>> stronglyConnected() {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    List<List<String>> out = new ArrayList<>();
    for (String v : graph.keySet()) {
      if (!index.containsKey(v)) connect(v, index, low, stack, out);
    }
    return out;
  }

  private void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
      List<List<String>> out) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    for (String w : graph.get(v).keySet()) {
      if (!index.containsKey(w)) {
        connect(w, index, low, stack, out);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (stack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      TreeSet<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        component.add(w);
      } while (!w.equals(v));
      out.add(new ArrayList<>(component));
    }
  }
}
