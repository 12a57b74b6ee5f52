package org.pcapanalytics.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.pcapanalytics.generate.CaptureFormat;
import org.pcapanalytics.generate.CaptureGenerator;
import org.pcapanalytics.generate.GenerationSummary;
import org.pcapanalytics.generate.GeneratorOptions;

/**
 * {@code generate}: writes a synthetic capture. Results go to files only; the one-line report goes to stderr.
 * Exit status 0 on success, 2 for bad arguments, 1 when writing fails.
 */
public final class GenerateCommand {
    static final String USAGE = String.join("\n",
            "Usage: generate --output FILE [options]",
            "",
            "Writes a synthetic, deterministic (by seed) capture of a week of office traffic: DNS, HTTP, TLS,",
            "bulk transfers, scans, ICMP, VLANs, fragments, and payloads that imitate capture files.",
            "",
            "Options:",
            "  --output FILE          the capture to write (required)",
            "  --size SIZE            stop starting traffic once the file reaches SIZE: 200K, 50M, 1G or bytes",
            "                         (default 1M; the file ends slightly above it)",
            "  --seed N               random seed (default 1); the same options give the same bytes",
            "  --format FORMAT        pcap (microseconds), pcap-ns (nanoseconds) or pcapng (default pcap)",
            "  --endian ORDER         little or big (default little)",
            "  --link-type N          1 Ethernet (default), 0 NULL/loopback, 101 raw IP, 113 Linux SLL, 276 SLL2",
            "  --snaplen N            snapshot length, 64..262144 (default 262144); smaller values truncate frames",
            "  --interfaces N         pcapng: interfaces per section, with different link types and",
            "                         timestamp resolutions when N > 1 (default 1)",
            "  --sections N           pcapng: number of sections (default 1)",
            "  --alternate-endian     pcapng: every other section uses the opposite byte order",
            "  --no-adversarial       no payloads imitating pcap records or pcapng blocks",
            "  --out-of-order         shift a few conversations by hours, as in merged captures",
            "  --mix MIX              office (default: incl. bulk transfers and jumbo frames) or small (many short",
            "                         conversations, no bulk or jumbo frames: ~300-byte average frame)",
            "  --start INSTANT        start of the simulated time, ISO-8601 (default 2026-03-02T00:00:00Z)",
            "  --days N               simulated duration in days, fractions allowed (default 7)",
            "  --summary FILE.json    also write what was generated (counts, endpoints, ...) as JSON",
            "  --help                 print this help",
            "");

    private GenerateCommand() {
    }

    /**
     * Runs the command. {@code args} are the command's arguments; a leading {@code generate} (the command name)
     * is ignored.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Parsed p;
        try {
            p = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("generate: " + e.getMessage() + " (see generate --help)");
            return 2;
        }
        if (p == null) {
            out.print(USAGE);
            return 0;
        }
        long t0 = System.nanoTime();
        GenerationSummary s;
        try {
            s = CaptureGenerator.generate(p.options, p.output);
            if (p.summary != null) {
                Files.writeString(p.summary, s.toJson(), StandardCharsets.UTF_8);
            }
        } catch (IOException | RuntimeException e) {
            err.println("generate: cannot write " + p.output + ": " + oneLine(e));
            return 1;
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
        err.println(String.format(Locale.ROOT, "generate: wrote %s: %d records, %d bytes in %.2f s (%.1f MB/s)",
                p.output, s.records(), s.fileBytes(), seconds, s.fileBytes() / seconds / 1e6));
        return 0;
    }

    private static final class Parsed {
        GeneratorOptions options;
        Path output;
        Path summary;
    }

    /** Returns null when help was asked for. */
    private static Parsed parse(String[] args) {
        GeneratorOptions.Builder b = GeneratorOptions.builder();
        Parsed p = new Parsed();
        int i = args.length > 0 && args[0].equals("generate") ? 1 : 0;
        for (; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--help":
                case "-h":
                    return null;
                case "--no-adversarial":
                    noValue(a, value);
                    b.adversarial(false);
                    continue;
                case "--out-of-order":
                    noValue(a, value);
                    b.outOfOrder(true);
                    continue;
                case "--alternate-endian":
                    noValue(a, value);
                    b.alternateSectionByteOrder(true);
                    continue;
                default:
                    break;
            }
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                value = args[++i];
            }
            switch (a) {
                case "--output":
                    p.output = Path.of(value);
                    break;
                case "--summary":
                    p.summary = Path.of(value);
                    break;
                case "--size":
                    b.targetBytes(GeneratorOptions.parseSize(value));
                    break;
                case "--seed":
                    b.seed(parseLong(a, value));
                    break;
                case "--format":
                    b.format(CaptureFormat.fromName(value));
                    break;
                case "--endian":
                    b.byteOrder(endian(value));
                    break;
                case "--link-type":
                    b.linkType(parseInt(a, value));
                    break;
                case "--snaplen":
                    b.snaplen(parseInt(a, value));
                    break;
                case "--interfaces":
                    b.interfaces(parseInt(a, value));
                    break;
                case "--sections":
                    b.sections(parseInt(a, value));
                    break;
                case "--start":
                    b.start(instant(value));
                    break;
                case "--days":
                    b.duration(days(value));
                    break;
                case "--mix":
                    b.mix(GeneratorOptions.Mix.fromName(value));
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (p.output == null) {
            throw new IllegalArgumentException("--output FILE is required");
        }
        p.options = b.build();
        return p;
    }

    private static void noValue(String option, String value) {
        if (value != null) {
            throw new IllegalArgumentException(option + " takes no value");
        }
    }

    private static long parseLong(String option, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects an integer, not '" + v + "'");
        }
    }

    private static int parseInt(String option, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects an integer, not '" + v + "'");
        }
    }

    private static ByteOrder endian(String v) {
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "little":
            case "le":
                return ByteOrder.LITTLE_ENDIAN;
            case "big":
            case "be":
                return ByteOrder.BIG_ENDIAN;
            default:
                throw new IllegalArgumentException("--endian expects little or big, not '" + v + "'");
        }
    }

    private static Instant instant(String v) {
        try {
            return Instant.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--start expects an ISO-8601 instant such as 2026-03-02T00:00:00Z, not '"
                    + v + "'");
        }
    }

    private static Duration days(String v) {
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--days expects a number, not '" + v + "'");
        }
        if (!(d > 0) || d > 366) {
            throw new IllegalArgumentException("--days must be above 0 and at most 366: " + v);
        }
        return Duration.ofSeconds(Math.round(d * 86400));
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ').replace('\r', ' ');
    }
}
