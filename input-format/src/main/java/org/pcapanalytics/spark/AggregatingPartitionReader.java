package org.pcapanalytics.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.pcapanalytics.decode.DecodedPacket;
import org.pcapanalytics.io.PacketRecord;

/**
 * Computes a {@link PushedAggregation} over one split: every packet is decoded and its group
 * columns written into a reused row that is looked up in a flat hash table of accumulators — no
 * object per packet or per group. At most {@link #MAX_GROUPS} groups are held: when a split has more,
 * the groups so far are emitted as partial rows and the map starts again (Spark's final
 * aggregation merges partial rows of the same group), so memory does not grow with the capture.
 */
final class AggregatingPartitionReader implements PartitionReader<InternalRow> {
  static final int MAX_GROUPS = 1 << 17;
  /** Lowered by tests to exercise emitting full tables and early partial sums on small captures. */
  static int maxGroups = MAX_GROUPS;
  static long intSumLimit = Integer.MAX_VALUE;

  private final PcapPartitionReader packets;
  private final PushedAggregation agg;
  private final PacketPredicate keyFilter;
  private final PacketRowWriter keys;
  private final PacketRowWriter values;
  /** Per function: the ordinal of its input in the {@link #values} row, or -1. */
  private final int[] valueIndex;
  private final boolean[] intInput;
  private final DataType[] groupTypes;
  /** The functions that sum an int column. */
  private final int[] intSums;
  private final GroupTable groups;
  /** Accumulators per group: two per function (the value, and whether one was seen). */
  private final int width;
  /** Groups emitted early because an int sum would have left the int range. */
  private final List<Map.Entry<UnsafeRow, long[]>> spilled = new ArrayList<>();
  private final UnsafeRowWriter out;
  /** The next spilled group, then the next group of the table, to emit. */
  private int nextSpilled;
  private int nextGroup;
  private boolean exhausted;
  /** Whether a row was emitted: an aggregation without groups emits one even for no packets. */
  private boolean emitted;
  private InternalRow current;

  AggregatingPartitionReader(PcapPartitionReader packets, ReadSettings settings) {
    this.packets = packets;
    this.agg = settings.aggregation;
    // filters on group columns only are tested on the group's key row, not on a row of their own
    this.keyFilter = settings.keyFilter();
    this.keys = settings.writer(agg.groupColumns);
    List<PacketColumn> inputs = new ArrayList<>();
    valueIndex = new int[agg.kinds.length];
    intInput = new boolean[agg.kinds.length];
    for (int i = 0; i < agg.kinds.length; i++) {
      PacketColumn in = agg.inputs[i];
      if (in == null) {
        valueIndex[i] = -1;
        continue;
      }
      if (!inputs.contains(in)) inputs.add(in);
      valueIndex[i] = inputs.indexOf(in);
      intInput[i] = PushedAggregation.isInt(in);
    }
    List<Integer> sums = new ArrayList<>();
    for (int i = 0; i < agg.kinds.length; i++) if (agg.kinds[i] == PushedAggregation.SUM && intInput[i]) sums.add(i);
    this.intSums = sums.stream().mapToInt(Integer::intValue).toArray();
    this.values = settings.writer(inputs.toArray(new PacketColumn[0]));
    this.groupTypes = new DataType[agg.groupColumns.length];
    for (int g = 0; g < groupTypes.length; g++) groupTypes[g] = agg.groupColumns[g].type();
    this.out = new UnsafeRowWriter(agg.schema.size(), 64);
    this.width = 2 * agg.kinds.length;
    this.groups = new GroupTable(width, agg.groupColumns.length);
  }

  @Override
  public boolean next() throws IOException {
    while (true) {
      if (nextSpilled < spilled.size()) {
        Map.Entry<UnsafeRow, long[]> e = spilled.get(nextSpilled++);
        current = emit(e.getKey(), e.getValue(), 0);
        return true;
      }
      if (nextGroup < groups.size()) {
        int g = nextGroup++;
        current = emit(groups.key(g), groups.values(), g * width);
        return true;
      }
      if (exhausted) {
        // SELECT count(*) ... with no packet in the split: a row of zero counts (sums, min, max
        // null), so that Spark's sum of the partial counts is 0, not null
        if (emitted || groupTypes.length > 0) return false;
        current = emit(null, new long[width], 0);
        return true;
      }
      fill();
    }
  }

  /** Aggregates packets until the split ends or the map is full; then emits what it holds. */
  private void fill() throws IOException {
    groups.clear();
    spilled.clear();
    nextSpilled = 0;
    nextGroup = 0;
    int n = agg.kinds.length;
    while (groups.size() < maxGroups) {
      if (!packets.advance()) {
        exhausted = true;
        break;
      }
      PacketRecord r = packets.record();
      DecodedPacket d = packets.decoded();
      UnsafeRow key = (UnsafeRow) keys.write(r, d);
      if (!keyFilter.test(key)) continue;
      int base = groups.group(key) * width;
      long[] acc = groups.values();
      UnsafeRow v = values.columns() == 0 ? null : (UnsafeRow) values.write(r, d);
      if (intSums.length > 0 && wouldLeaveIntRange(acc, base, v)) {
        // Spark casts partial sums of an int column to int: hand over this group's partial row now
        spilled.add(Map.entry(key.copy(), Arrays.copyOfRange(acc, base, base + width)));
        Arrays.fill(acc, base, base + width, 0L);
      }
      for (int i = 0; i < n; i++) {
        int kind = agg.kinds[i];
        int a = base + 2 * i;
        if (kind == PushedAggregation.COUNT_STAR) {
          acc[a]++;
          continue;
        }
        int vi = valueIndex[i];
        if (v.isNullAt(vi)) continue;
        if (kind == PushedAggregation.COUNT) {
          acc[a]++;
          continue;
        }
        long x = intInput[i] ? v.getInt(vi) : v.getLong(vi);
        boolean seen = acc[a + 1] != 0;
        if (kind == PushedAggregation.SUM) {
          acc[a] = seen ? Math.addExact(acc[a], x) : x;
        } else if (!seen || (kind == PushedAggregation.MIN ? x < acc[a] : x > acc[a])) {
          acc[a] = x;
        }
        acc[a + 1] = 1;
      }
    }
  }

  private boolean wouldLeaveIntRange(long[] acc, int base, UnsafeRow v) {
    for (int i : intSums) {
      if (acc[base + 2 * i + 1] == 0 || v.isNullAt(valueIndex[i])) continue;
      long s = acc[base + 2 * i] + v.getInt(valueIndex[i]);
      if (s > intSumLimit || s < -intSumLimit - 1) return true;
    }
    return false;
  }

  /** One output row: the group's columns, then each function's partial value ({@code acc[base ...]}). */
  private InternalRow emit(UnsafeRow key, long[] acc, int base) {
    emitted = true;
    out.reset();
    out.zeroOutNullBytes();
    int g = groupTypes.length;
    for (int i = 0; i < g; i++) {
      if (key.isNullAt(i)) {
        out.setNullAt(i);
        continue;
      }
      DataType t = groupTypes[i];
      if (t == DataTypes.StringType) out.write(i, key.getUTF8String(i));
      else if (t == DataTypes.IntegerType) out.write(i, key.getInt(i));
      else if (t == DataTypes.LongType || t == DataTypes.TimestampType) out.write(i, key.getLong(i));
      else if (t == DataTypes.BooleanType) out.write(i, key.getBoolean(i));
      else throw new IllegalStateException("group column of type " + t);
    }
    for (int i = 0; i < agg.kinds.length; i++) {
      int kind = agg.kinds[i];
      int o = g + i;
      int a = base + 2 * i;
      if (kind == PushedAggregation.COUNT_STAR || kind == PushedAggregation.COUNT) {
        out.write(o, acc[a]);
      } else if (acc[a + 1] == 0) {
        out.setNullAt(o);
      } else if (intInput[i]) {
        out.write(o, (int) acc[a]);
      } else {
        out.write(o, acc[a]);
      }
    }
    return out.getRow();
  }

  @Override
  public InternalRow get() {
    return current;
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    return packets.currentMetricsValues();
  }

  @Override
  public void close() throws IOException {
    packets.close();
  }
}
