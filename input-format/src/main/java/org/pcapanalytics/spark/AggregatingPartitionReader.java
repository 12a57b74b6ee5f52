package org.pcapanalytics.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
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
 * columns written into a reused row that is looked up in a hash map of accumulators — no object
 * per packet, one per group. At most {@link #MAX_GROUPS} groups are held: when a split has more,
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
  private final int[] keyNotNull;
  private final PacketRowWriter keys;
  private final PacketRowWriter values;
  /** Per function: the ordinal of its input in the {@link #values} row, or -1. */
  private final int[] valueIndex;
  private final boolean[] intInput;
  private final DataType[] groupTypes;
  /** The functions that sum an int column. */
  private final int[] intSums;
  private final GroupTable groups;
  /** Groups emitted early because an int sum would have left the int range. */
  private final List<Map.Entry<UnsafeRow, long[]>> spilled = new ArrayList<>();
  private final UnsafeRowWriter out;
  private Iterator<Map.Entry<UnsafeRow, long[]>> pending;
  private boolean exhausted;
  private InternalRow current;

  /** @param keyNotNull positions of group columns that must not be null (pushed IS NOT NULL filters) */
  AggregatingPartitionReader(PcapPartitionReader packets, PushedAggregation agg, int[] keyNotNull) {
    this.packets = packets;
    this.keyNotNull = keyNotNull;
    this.agg = agg;
    this.keys = new PacketRowWriter(agg.groupColumns);
    List<Integer> inputs = new ArrayList<>();
    valueIndex = new int[agg.kinds.length];
    intInput = new boolean[agg.kinds.length];
    for (int i = 0; i < agg.kinds.length; i++) {
      int in = agg.inputs[i];
      if (in < 0) {
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
    this.values = new PacketRowWriter(inputs.stream().mapToInt(Integer::intValue).toArray());
    this.groupTypes = new DataType[agg.groupColumns.length];
    for (int g = 0; g < groupTypes.length; g++) {
      groupTypes[g] = PacketColumns.SCHEMA.fields()[agg.groupColumns[g]].dataType();
    }
    this.out = new UnsafeRowWriter(agg.schema.size(), 64);
    this.groups = new GroupTable(2 * agg.kinds.length);
  }

  @Override
  public boolean next() throws IOException {
    while (true) {
      if (pending != null && pending.hasNext()) {
        Map.Entry<UnsafeRow, long[]> e = pending.next();
        current = emit(e.getKey(), e.getValue());
        return true;
      }
      if (exhausted) return false;
      fill();
    }
  }

  /** Aggregates packets until the split ends or the map is full; then emits what it holds. */
  private void fill() throws IOException {
    groups.clear();
    spilled.clear();
    int n = agg.kinds.length;
    while (groups.size() < maxGroups) {
      if (!packets.advance()) {
        exhausted = true;
        break;
      }
      PacketRecord r = packets.record();
      DecodedPacket d = packets.decoded();
      UnsafeRow key = (UnsafeRow) keys.write(r, d);
      if (anyNull(key)) continue;
      long[] acc = groups.get(key);
      UnsafeRow v = values.columns() == 0 ? null : (UnsafeRow) values.write(r, d);
      if (intSums.length > 0 && wouldLeaveIntRange(acc, v)) {
        // Spark casts partial sums of an int column to int: hand over this group's partial row now
        spilled.add(Map.entry(key.copy(), acc.clone()));
        java.util.Arrays.fill(acc, 0L);
      }
      for (int i = 0; i < n; i++) {
        int kind = agg.kinds[i];
        if (kind == PushedAggregation.COUNT_STAR) {
          acc[2 * i]++;
          continue;
        }
        int vi = valueIndex[i];
        if (v.isNullAt(vi)) continue;
        if (kind == PushedAggregation.COUNT) {
          acc[2 * i]++;
          continue;
        }
        long x = intInput[i] ? v.getInt(vi) : v.getLong(vi);
        boolean seen = acc[2 * i + 1] != 0;
        if (kind == PushedAggregation.SUM) {
          acc[2 * i] = seen ? Math.addExact(acc[2 * i], x) : x;
        } else if (!seen || (kind == PushedAggregation.MIN ? x < acc[2 * i] : x > acc[2 * i])) {
          acc[2 * i] = x;
        }
        acc[2 * i + 1] = 1;
      }
    }
    pending = concat(new ArrayList<>(spilled), groups);
  }

  private boolean anyNull(UnsafeRow key) {
    for (int g : keyNotNull) if (key.isNullAt(g)) return true;
    return false;
  }

  private boolean wouldLeaveIntRange(long[] acc, UnsafeRow v) {
    for (int i : intSums) {
      if (acc[2 * i + 1] == 0 || v.isNullAt(valueIndex[i])) continue;
      long s = acc[2 * i] + v.getInt(valueIndex[i]);
      if (s > intSumLimit || s < -intSumLimit - 1) return true;
    }
    return false;
  }

  /** The spilled groups, then the table's. */
  private static Iterator<Map.Entry<UnsafeRow, long[]>> concat(List<Map.Entry<UnsafeRow, long[]>> first,
      GroupTable then) {
    Iterator<Map.Entry<UnsafeRow, long[]>> a = first.iterator();
    return new Iterator<>() {
      private int slot = -1;

      private int nextSlot() {
        int i = slot + 1;
        while (i < then.capacity() && then.keyAt(i) == null) i++;
        return i;
      }

      @Override
      public boolean hasNext() {
        return a.hasNext() || nextSlot() < then.capacity();
      }

      @Override
      public Map.Entry<UnsafeRow, long[]> next() {
        if (a.hasNext()) return a.next();
        slot = nextSlot();
        return Map.entry(then.keyAt(slot), then.valueAt(slot));
      }
    };
  }

  /** One output row: the group's columns, then each function's partial value. */
  private InternalRow emit(UnsafeRow key, long[] acc) {
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
      if (kind == PushedAggregation.COUNT_STAR || kind == PushedAggregation.COUNT) {
        out.write(o, acc[2 * i]);
      } else if (acc[2 * i + 1] == 0) {
        out.setNullAt(o);
      } else if (intInput[i]) {
        out.write(o, (int) acc[2 * i]);
      } else {
        out.write(o, acc[2 * i]);
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
