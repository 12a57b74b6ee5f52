package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GenerateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpGoesToStdoutWithStatusZero() {
        for (String[] args : new String[][] {{"--help"}, {"generate", "--help"}, {"-h"}}) {
            Result r = run(args);
            assertEquals(0, r.code());
            assertTrue(r.out().startsWith("Usage: generate --output FILE"), r.out());
            assertTrue(r.out().contains("--no-adversarial") && r.out().contains("--summary"));
            assertEquals("", r.err());
        }
    }

    @Test
    void badArgumentsGiveOneLineOnStderrAndStatusTwo() {
        String out = dir.resolve("x.pcap").toString();
        String[][] cases = {
            {},
            {"--size", "1M"},
            {"--output", out, "--size", "lots"},
            {"--output", out, "--format", "erf"},
            {"--output", out, "--endian", "middle"},
            {"--output", out, "--link-type", "127"},
            {"--output", out, "--snaplen", "abc"},
            {"--output", out, "--interfaces", "3"},
            {"--output", out, "--start", "yesterday"},
            {"--output", out, "--days", "-1"},
            {"--output", out, "--bogus"},
            {"--output", out, "stray"},
            {"--output"},
            {"--output", out, "--out-of-order=yes"},
        };
        for (String[] args : cases) {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertEquals("", r.out());
            assertTrue(r.err().startsWith("generate: ") && r.err().endsWith("\n"), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
        assertTrue(Files.notExists(Path.of(out)));
    }

    @Test
    void writesTheCaptureAndTheSummary() throws Exception {
        Path pcap = dir.resolve("demo.pcapng");
        Path json = dir.resolve("demo.json");
        Result r = run("generate", "--output", pcap.toString(), "--size", "150K", "--seed", "3", "--format", "pcapng",
                "--endian=big", "--interfaces", "3", "--sections", "2", "--alternate-endian", "--out-of-order",
                "--start", "2026-01-05T00:00:00Z", "--days", "2", "--summary", json.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("records") && r.err().contains("MB/s"), r.err());
        long size = Files.size(pcap);
        assertTrue(size >= 150 * 1024);

        JsonNode s = new ObjectMapper().readTree(json.toFile());
        assertEquals(size, s.get("fileBytes").asLong());
        assertEquals("pcapng", s.get("format").asText());
        assertEquals("big", s.get("byteOrder").asText());
        assertEquals(2, s.get("sections").asInt());
        assertEquals(3, s.get("interfaces").asInt());
        assertTrue(s.get("records").asLong() > 100);
        assertTrue(s.get("firstTimestamp").asText().startsWith("2026-01-0"));
        assertEquals(168, s.get("connectionStartsByHourOfWeek").size());
        assertTrue(s.get("tcpConnStates").has("SF") && s.get("tcpConnStates").has("REJ"));
        assertTrue(s.get("counts").get("dnsTransactions").asLong() > 0);
        long framesSent = 0;
        for (JsonNode e : s.get("endpoints")) {
            framesSent += e.get("framesSent").asLong();
        }
        assertEquals(s.get("ipFrames").asLong(), framesSent);
        byte[] magic = java.util.Arrays.copyOf(Files.readAllBytes(pcap), 4);
        assertArrayEquals(new byte[] {0x0A, 0x0D, 0x0D, 0x0A}, magic);
    }

    @Test
    void sameSeedGivesTheSameFile() throws Exception {
        Path a = dir.resolve("a.pcap");
        Path b = dir.resolve("b.pcap");
        assertEquals(0, run("--output", a.toString(), "--size", "64K", "--seed", "9", "--format", "pcap-ns",
                "--link-type", "113", "--snaplen", "128", "--no-adversarial").code());
        assertEquals(0, run("--output", b.toString(), "--size", "64K", "--seed", "9", "--format", "pcap-ns",
                "--link-type", "113", "--snaplen", "128", "--no-adversarial").code());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void unwritableOutputGivesStatusOne() {
        Result r = run("--output", dir.resolve("missing/dir/x.pcap").toString(), "--size", "10K");
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("generate: cannot write"), r.err());
    }
}
