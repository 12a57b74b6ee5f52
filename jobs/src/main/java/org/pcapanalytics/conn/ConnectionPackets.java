package org.pcapanalytics.conn;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pcapanalytics.config.Config;

/**
 * The packets of chosen connections, by uid or Community ID: the same assembly as
 * {@link Connections} (same grouping, order and {@link FlowAssembler}), with a
 * {@link FlowAssembler.Listener} noting where each packet of a connection is, fragments included.
 * So the packets of a uid are exactly those the connections row counted, wherever they are in
 * the files and splits. A connection's uid is final only when it ends (a late first fragment can
 * move its start), so the places of an open connection's packets are kept until then: memory is
 * bounded by the packets of the connections open at once in one group.
 */
public final class ConnectionPackets {
  private ConnectionPackets() {}

  /** What {@link #of} returns, one row per packet. */
  public static final StructType SCHEMA = new StructType()
      .add("uid", DataTypes.StringType, false)
      .add("community_id", DataTypes.StringType, true)
      .add("file", DataTypes.StringType, false)
      .add("offset", DataTypes.LongType, false)
      .add("ts_ns", DataTypes.LongType, false)
      .add("caplen", DataTypes.IntegerType, false);

  /** Ordinals in the assembly input (see Connections.input). */
  private static final int OFFSET = PackedPacket.END + 2;
  private static final int FILE = PackedPacket.END + 3;
  private static final int CAPLEN = PackedPacket.END + 4;

  /**
   * Which connections: a uid among {@code uids} or a Community ID among {@code communityIds}
   * (of the configured seed).
   */
  public record Selector(Set<String> uids, Set<String> communityIds) implements Serializable {
    public Selector {
      uids = Set.copyOf(uids);
      communityIds = Set.copyOf(communityIds);
    }

    boolean matches(String uid, String communityId) {
      return uids.contains(uid) || communityId != null && communityIds.contains(communityId);
    }
  }

  /** The packets ({@link #SCHEMA}) of the selected connections of {@code packets}. */
  public static Dataset<Row> of(Dataset<Row> packets, Config config, Selector selector) {
    return Connections.input(packets, col("file").as("_path"), col("caplen").as("_caplen"))
        .mapPartitions(new Select(config, selector), Encoders.row(SCHEMA));
  }

  /** Where a connection's packets are, in the order they joined it. */
  private static final class Places {
    String[] files = new String[8];
    long[] offsets = new long[8];
    long[] ts = new long[8];
    int[] caplens = new int[8];
    int n;

    void add(PacketView p) {
      if (n == offsets.length) {
        files = Arrays.copyOf(files, n * 2);
        offsets = Arrays.copyOf(offsets, n * 2);
        ts = Arrays.copyOf(ts, n * 2);
        caplens = Arrays.copyOf(caplens, n * 2);
      }
      files[n] = p.file;
      offsets[n] = p.offset;
      caplens[n] = p.caplen;
      ts[n++] = p.tsNs;
    }
  }

  static final class Select implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Config config;
    private final Selector selector;

    Select(Config config, Selector selector) {
      this.config = config;
      this.selector = selector;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      ArrayDeque<Row> ready = new ArrayDeque<>();
      Map<Flow, Places> places = new IdentityHashMap<>();
      Map<String, String> paths = new HashMap<>(); // one String per file, not per packet
      FlowAssembler.Listener listener = (f, p) -> places.computeIfAbsent(f, k -> new Places()).add(p);
      Consumer<Flow> emit = f -> {
        Places at = places.remove(f);
        String uid = f.uid();
        String cid = (String) ConnectionColumn.COMMUNITY_ID.value(f, config);
        if (at == null || !selector.matches(uid, cid)) return;
        for (int i = 0; i < at.n; i++) ready.add(RowFactory.create(uid, cid, at.files[i], at.offsets[i], at.ts[i],
            at.caplens[i]));
      };
      return new Connections.GroupWalk<>(rows, ready, () -> new FlowAssembler(config.flowTimeouts(), emit, listener),
          (r, p) -> {
            p.file = paths.computeIfAbsent(r.getString(FILE), k -> k);
            p.offset = r.getLong(OFFSET);
            p.caplen = r.getInt(CAPLEN);
          }, () -> {});
    }
  }
}
