package org.pcapanalytics.conn;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.pcapanalytics.config.Config;
import scala.math.BigInt;

/**
 * Connections (the Zeek conn.log model) from packets, with Spark: packets are grouped by
 * protocol, the pair of addresses and the VLAN stack, sorted by time within each group (Spark's
 * external sort, so groups may exceed memory), and one pass per group ({@link FlowAssembler})
 * turns them into connections. Only the open connections of one group are held in memory. A
 * connection whose packets are in different files or splits is one row, because grouping happens
 * after the scan.
 *
 * <p>Columns: the {@code connections} contract ({@link #SCHEMA}: {@code uid, start_ts, ...,
 * local_resp} as Zeek's conn.log, then {@code community_id} and the first handshake's and request's
 * {@code tls_sni, tls_ja4, http_host, http_user_agent}) and, in {@link #detailed}, extras for the
 * reports ({@link #EXTRA_COLUMNS}: {@code start_ns, end_ns, ip_proto, orig_wire_bytes,
 * resp_wire_bytes, dns_qname}); both are declared once, with how each is computed, in
 * {@link ConnectionColumn}.
 *
 * <p>Packets without a timestamp (pcapng simple packet blocks) or without an IP header are not
 * part of any connection.
 */
public final class Connections {
  private Connections() {}

  /** Name of the temporary view {@link #register} creates. */
  public static final String VIEW = "connections";

  /** The packet columns connection assembly reads (the scan decodes only these). */
  public static final List<String> PACKET_COLUMNS = packetColumns();

  /** Ordinal of the group's hash in the assembly input (see input()). */
  private static final int GROUP = PackedPacket.END;

  private static final ConnectionColumn[] ALL = ConnectionColumn.values();

  /** The {@code connections} columns, in order (see {@link ConnectionColumn}). */
  public static final StructType SCHEMA = schema(ConnectionColumn.Kind.CONTRACT);

  /** Extra columns of {@link #detailed} after the contract columns. */
  public static final List<String> EXTRA_COLUMNS = List.of(schema(ConnectionColumn.Kind.EXTRA).fieldNames());

  /** Columns whose values rarely repeat ({@link ConnectionColumn#RARELY_REPEATING}): Parquet without dictionaries. */
  public static final List<String> RARELY_REPEATING = ConnectionColumn.RARELY_REPEATING.stream().map(c -> c.name)
      .toList();

  /** What the per-group pass emits: every column, timestamps as microseconds. */
  static final StructType ASSEMBLED = new StructType(Arrays.stream(ALL)
      .map(c -> DataTypes.createStructField(c.name, c.assembledType(), c.nullable)).toArray(StructField[]::new));

  private static StructType schema(ConnectionColumn.Kind kind) {
    return new StructType(Arrays.stream(ALL).filter(c -> c.kind == kind)
        .map(c -> DataTypes.createStructField(c.name, c.type, c.nullable)).toArray(StructField[]::new));
  }

  /** Connections of {@code packets} (a {@code pcap} DataFrame, possibly filtered), contract columns only. */
  public static Dataset<Row> fromPackets(Dataset<Row> packets, Config config) {
    return contract(detailed(packets, config));
  }

  /** The contract columns of a {@link #detailed} DataFrame. */
  public static Dataset<Row> contract(Dataset<Row> detailed) {
    String[] names = SCHEMA.fieldNames();
    Column[] cols = new Column[names.length];
    for (int i = 0; i < names.length; i++) cols[i] = col(names[i]);
    return detailed.select(cols);
  }

  /** Connections with the contract columns followed by {@link #EXTRA_COLUMNS}. */
  public static Dataset<Row> detailed(Dataset<Row> packets, Config config) {
    return assemble(packets, config).detailed();
  }

  /**
   * {@link #detailed} connections and the count of packets with both addresses that are in none
   * of them (without a time stamp or an IP protocol), complete once every partition of the
   * connections has been computed. When it is zero, each packet with both addresses is counted in
   * exactly one connection (packets and wire bytes, in the direction of its addresses).
   */
  public record Assembly(Dataset<Row> detailed, LongAccumulator leftOut) {}

  /** {@link #detailed}, with the count of what it leaves out. */
  public static Assembly assemble(Dataset<Row> packets, Config config) {
    LongAccumulator leftOut = packets.sparkSession().sparkContext().longAccumulator();
    return new Assembly(columns(input(packets).mapPartitions(new Assemble(config, leftOut), Encoders.row(ASSEMBLED))),
        leftOut);
  }

  /** The columns of {@link #detailed} from what {@link Assemble} emits: the contract ones, then the extras. */
  static Dataset<Row> columns(Dataset<Row> assembled) {
    List<Column> cols = new ArrayList<>();
    for (ConnectionColumn.Kind kind : ConnectionColumn.Kind.values()) {
      for (ConnectionColumn c : ALL) {
        if (c.kind != kind) continue;
        cols.add(c.type == DataTypes.TimestampType ? timestamp_micros(col(c.name)).as(c.name) : col(c.name));
      }
    }
    return assembled.select(cols.toArray(new Column[0]));
  }

  /**
   * Creates (or replaces) the temporary view {@value #VIEW} over the connections of
   * {@code packets} and returns its DataFrame. Nothing is computed until the view is queried.
   */
  public static Dataset<Row> register(SparkSession spark, Dataset<Row> packets, Config config) {
    Dataset<Row> c = fromPackets(packets, config);
    c.createOrReplaceTempView(VIEW);
    return c;
  }

  /** The packed packet's columns, and the file and offset that order ties in time ({@link #input}). */
  private static List<String> packetColumns() {
    List<String> c = new ArrayList<>(List.of("file", "offset"));
    for (String p : PackedPacket.reads()) if (!c.contains(p)) c.add(p);
    return List.copyOf(c);
  }

  /**
   * The packets to assemble, hash-partitioned by group and sorted by group and time. The group
   * (protocol, address pair, VLAN stack) travels as a 64-bit hash: it is all the shuffle and the
   * sort need, and as the first sort key Spark's sort decides nearly every comparison on its 8-byte
   * prefix (the text key's prefix, "6|10.0.0", decided almost none). Groups that share a hash are
   * told apart in {@link Assemble}.
   */
  static Dataset<Row> input(Dataset<Row> packets, Column... extra) {
    Column group = xxhash64(col("ip_proto"), least(col("src_ip"), col("dst_ip")), greatest(col("src_ip"), col("dst_ip")),
        col("vlan_ids"));
    Column[] fields = PackedPacket.columns();
    Column[] cols = Arrays.copyOf(fields, fields.length + 3 + extra.length);
    cols[fields.length] = group.as("_group");
    // ties in time keep capture order: file (hashed, to keep the shuffle small), then offset
    cols[fields.length + 1] = xxhash64(col("file")).as("_file");
    cols[fields.length + 2] = col("offset").as("_offset");
    System.arraycopy(extra, 0, cols, fields.length + 3, extra.length);
    Dataset<Row> rows = packets
        .where("src_ip IS NOT NULL AND dst_ip IS NOT NULL") // the assembly counts those it cannot take
        .select(cols);
    // without a number, adaptive execution may coalesce the partitions of a small input
    int n = partitions(packets);
    return (n > packets.sparkSession().sessionState().conf().numShufflePartitions()
        ? rows.repartition(n, col("_group")) : rows.repartition(col("_group")))
        .sortWithinPartitions(col("_group"), col("ts_ns"), col("_file"), col("_offset"));
  }

  /**
   * Capture bytes per partition of the assembly: each partition's packets are sorted, as shuffled
   * rows of ~20 % of their capture bytes, and a sort of several hundred MB spills to disk.
   */
  static final long BYTES_PER_PARTITION = 512L << 20;

  /**
   * The assembly's partitions: Spark's shuffle partitions (which adaptive execution may coalesce),
   * or for a larger input (its size as Spark's planner estimates it: the capture files' bytes) one
   * per {@link #BYTES_PER_PARTITION}, rounded up to a multiple of the cores, so that no
   * partition's sort spills.
   */
  static int partitions(Dataset<Row> packets) {
    SQLConf conf = packets.sparkSession().sessionState().conf();
    BigInt size = packets.queryExecution().optimizedPlan().stats().sizeInBytes();
    boolean known = size.compareTo(BigInt.apply(conf.defaultSizeInBytes())) < 0;
    return partitions(known ? size.longValue() : -1, conf.numShufflePartitions(),
        packets.sparkSession().sparkContext().defaultParallelism());
  }

  /** {@link #partitions(Dataset)} for an input of {@code bytes} (negative: not known). */
  static int partitions(long bytes, int shufflePartitions, int cores) {
    long wanted = bytes < 0 ? 0 : bytes / BYTES_PER_PARTITION + 1;
    if (wanted <= shufflePartitions) return shufflePartitions;
    int c = Math.max(1, cores);
    return (int) Math.min((wanted + c - 1) / c * c, 100_000);
  }

  /** The per-partition pass: groups arrive one after the other, each sorted by time. */
  static final class Assemble implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Config config;
    private final LongAccumulator leftOut;

    Assemble(Config config, LongAccumulator leftOut) {
      this.config = config;
      this.leftOut = leftOut;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      ArrayDeque<Row> ready = new ArrayDeque<>();
      return new GroupWalk<>(rows, ready, () -> new FlowAssembler(config.flowTimeouts(), f -> ready.add(toRow(f))),
          (r, p) -> {}, () -> leftOut.add(1));
    }

    private Row toRow(Flow f) {
      Object[] values = new Object[ALL.length];
      for (int i = 0; i < ALL.length; i++) values[i] = ALL[i].value(f, config);
      return RowFactory.create(values);
    }
  }

  /**
   * The per-partition pass over {@link #input}'s rows: groups arrive one after the other, each
   * sorted by time, and each group of the current hash (nearly always one) has its assembler until
   * the hash changes. Yields what the assemblers put in {@code ready}.
   */
  static final class GroupWalk<T> implements Iterator<T> {
    private final Iterator<Row> rows;
    private final ArrayDeque<T> ready;
    private final Supplier<FlowAssembler> newAssembler;
    /** Reads what a row holds besides the packed packet (extract's file and offset). */
    private final BiConsumer<Row, PacketView> extra;
    /** Told of each packet that cannot join a connection (no time stamp or IP protocol). */
    private final Runnable leftOut;
    private final PacketView p = new PacketView();
    private final List<Group> groups = new ArrayList<>();
    private final ArrayDeque<FlowAssembler> spare = new ArrayDeque<>();
    private long hash;
    private boolean done;

    GroupWalk(Iterator<Row> rows, ArrayDeque<T> ready, Supplier<FlowAssembler> newAssembler,
        BiConsumer<Row, PacketView> extra, Runnable leftOut) {
      this.rows = rows;
      this.ready = ready;
      this.newAssembler = newAssembler;
      this.extra = extra;
      this.leftOut = leftOut;
    }

    @Override
    public boolean hasNext() {
      while (ready.isEmpty() && !done) {
        if (!rows.hasNext()) {
          finishAll();
          done = true;
          break;
        }
        Row r = rows.next();
        if (!PackedPacket.assemblable(r)) {
          leftOut.run();
          continue;
        }
        long h = r.getLong(GROUP);
        if (h != hash) finishAll();
        hash = h;
        PackedPacket.read(r, p.clear());
        extra.accept(r, p);
        assembler(p).add(p);
      }
      return !ready.isEmpty();
    }

    private FlowAssembler assembler(PacketView p) {
      for (int i = 0; i < groups.size(); i++) {
        Group g = groups.get(i);
        if (g.holds(p)) return g.assembler;
      }
      FlowAssembler fa = spare.isEmpty() ? newAssembler.get() : spare.poll();
      groups.add(new Group(p, fa));
      return fa;
    }

    private void finishAll() {
      for (Group g : groups) {
        g.assembler.finish();
        spare.add(g.assembler);
      }
      groups.clear();
    }

    @Override
    public T next() {
      if (!hasNext()) throw new NoSuchElementException();
      return ready.poll();
    }
  }

  /** One group: a protocol between two addresses on one VLAN stack, with its assembler. */
  static final class Group {
    final int proto;
    final String a;
    final String b;
    final List<Integer> vlanIds;
    final FlowAssembler assembler;

    Group(PacketView p, FlowAssembler assembler) {
      this.proto = p.proto;
      this.a = p.srcIp;
      this.b = p.dstIp;
      this.vlanIds = p.vlanIds == null ? null : List.copyOf(p.vlanIds);
      this.assembler = assembler;
    }

    boolean holds(PacketView p) {
      return p.proto == proto && Objects.equals(p.vlanIds, vlanIds)
          && (p.srcIp.equals(a) && p.dstIp.equals(b) || p.srcIp.equals(b) && p.dstIp.equals(a));
    }
  }
}
