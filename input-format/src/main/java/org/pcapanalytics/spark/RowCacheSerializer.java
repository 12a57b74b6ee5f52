package org.pcapanalytics.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.types.DataTypeUtils;
import org.apache.spark.sql.columnar.CachedBatch;
import org.apache.spark.sql.columnar.CachedBatchSerializer;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.unsafe.Platform;
import scala.collection.immutable.Seq;
import scala.runtime.AbstractFunction2;

/**
 * Spark's in-memory cache ({@code Dataset.persist}, {@code CACHE TABLE}) as batches of the rows'
 * own bytes: {@code spark.sql.cache.serializer=org.pcapanalytics.spark.RowCacheSerializer}, a
 * static setting (given when the session starts), the default of the project's commands. Spark's
 * default serializer builds compressed column vectors and per-column statistics of every cached
 * row, and generates an accessor class per selection of columns; that costs more CPU than the
 * queries of a report spend reading its connections and outputs back (a few times each, whole
 * rows or most columns). The statistics only skip batches for filters on a cached column's range,
 * which the reports do not use. The rows take more memory than compressed columns; past the
 * storage memory, {@code MEMORY_AND_DISK} caches go to disk.
 */
public final class RowCacheSerializer implements CachedBatchSerializer {
  /** Bytes of one batch, about; its rows are at most Spark's {@code spark.sql.inMemoryColumnarStorage.batchSize}. */
  private static final int BATCH_BYTES = 4 << 20;

  /** Consecutive rows' bytes; row {@code i} ends at {@code ends[i]}. */
  static final class RowBatch implements CachedBatch, Serializable {
    private static final long serialVersionUID = 1L;
    final byte[] bytes;
    final int[] ends;

    RowBatch(byte[] bytes, int[] ends) {
      this.bytes = bytes;
      this.ends = ends;
    }

    @Override
    public int numRows() {
      return ends.length;
    }

    @Override
    public long sizeInBytes() {
      return bytes.length + 4L * ends.length;
    }
  }

  @Override
  public boolean supportsColumnarInput(Seq<Attribute> schema) {
    return false;
  }

  @Override
  public boolean supportsColumnarOutput(StructType schema) {
    return false;
  }

  @Override
  public RDD<CachedBatch> convertInternalRowToCachedBatch(RDD<InternalRow> input, Seq<Attribute> schema,
      StorageLevel storageLevel, SQLConf conf) {
    StructType type = DataTypeUtils.fromAttributes(schema);
    int maxRows = Math.max(1, conf.columnBatchSize());
    return input.toJavaRDD().mapPartitions(rows -> (Iterator<CachedBatch>) new Batcher(rows, type, maxRows)).rdd();
  }

  @Override
  public RDD<InternalRow> convertCachedBatchToInternalRow(RDD<CachedBatch> input, Seq<Attribute> cacheAttributes,
      Seq<Attribute> selectedAttributes, SQLConf conf) {
    int fields = cacheAttributes.size();
    // the cached rows as they are when the whole row is selected, else projected onto the selection
    boolean whole = selectedAttributes.equals(cacheAttributes);
    @SuppressWarnings("unchecked")
    Seq<Expression> selected = (Seq<Expression>) (Seq<?>) selectedAttributes;
    return input.toJavaRDD().mapPartitions(batches -> (Iterator<InternalRow>) new Rows(batches, fields,
        whole ? null : UnsafeProjection.create(selected, cacheAttributes))).rdd();
  }

  @Override
  public RDD<CachedBatch> convertColumnarBatchToCachedBatch(RDD<ColumnarBatch> input, Seq<Attribute> schema,
      StorageLevel storageLevel, SQLConf conf) {
    throw new UnsupportedOperationException("rows only (supportsColumnarInput is false)");
  }

  @Override
  public RDD<ColumnarBatch> convertCachedBatchToColumnarBatch(RDD<CachedBatch> input, Seq<Attribute> cacheAttributes,
      Seq<Attribute> selectedAttributes, SQLConf conf) {
    throw new UnsupportedOperationException("rows only (supportsColumnarOutput is false)");
  }

  @Override
  public scala.Function2<Object, scala.collection.Iterator<CachedBatch>, scala.collection.Iterator<CachedBatch>>
      buildFilter(Seq<Expression> predicates, Seq<Attribute> cachedAttributes) {
    return new KeepAll();
  }

  /** No statistics to skip batches by: every batch is read. */
  private static final class KeepAll
      extends AbstractFunction2<Object, scala.collection.Iterator<CachedBatch>, scala.collection.Iterator<CachedBatch>>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public scala.collection.Iterator<CachedBatch> apply(Object partition, scala.collection.Iterator<CachedBatch> b) {
      return b;
    }
  }

  /** A partition's rows as batches of up to {@code maxRows} rows or about {@link #BATCH_BYTES}. */
  private static final class Batcher implements Iterator<CachedBatch> {
    private final Iterator<InternalRow> rows;
    private final StructType type;
    private final int maxRows;
    private UnsafeProjection toUnsafe;
    private byte[] buf = new byte[64 << 10];
    private int[] ends = new int[1024];

    Batcher(Iterator<InternalRow> rows, StructType type, int maxRows) {
      this.rows = rows;
      this.type = type;
      this.maxRows = maxRows;
    }

    @Override
    public boolean hasNext() {
      return rows.hasNext();
    }

    @Override
    public CachedBatch next() {
      if (!rows.hasNext()) throw new NoSuchElementException();
      int n = 0;
      int size = 0;
      while (n < maxRows && size < BATCH_BYTES && rows.hasNext()) {
        InternalRow r = rows.next();
        UnsafeRow u;
        if (r instanceof UnsafeRow ur) {
          u = ur;
        } else {
          if (toUnsafe == null) toUnsafe = UnsafeProjection.create(type);
          u = toUnsafe.apply(r);
        }
        int len = u.getSizeInBytes();
        if (size + len > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + len));
        Platform.copyMemory(u.getBaseObject(), u.getBaseOffset(), buf, Platform.BYTE_ARRAY_OFFSET + size, len);
        size += len;
        if (n == ends.length) ends = Arrays.copyOf(ends, n * 2);
        ends[n++] = size;
      }
      return new RowBatch(Arrays.copyOf(buf, size), Arrays.copyOf(ends, n));
    }
  }

  /** The rows of a partition's batches, one reused row pointing into them (or its projection). */
  private static final class Rows implements Iterator<InternalRow> {
    private final Iterator<CachedBatch> batches;
    private final UnsafeRow row;
    private final UnsafeProjection projection;
    private RowBatch batch;
    private int i;

    Rows(Iterator<CachedBatch> batches, int fields, UnsafeProjection projection) {
      this.batches = batches;
      this.row = new UnsafeRow(fields);
      this.projection = projection;
    }

    @Override
    public boolean hasNext() {
      while (batch == null || i == batch.ends.length) {
        if (!batches.hasNext()) return false;
        batch = (RowBatch) batches.next();
        i = 0;
      }
      return true;
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) throw new NoSuchElementException();
      int start = i == 0 ? 0 : batch.ends[i - 1];
      row.pointTo(batch.bytes, Platform.BYTE_ARRAY_OFFSET + start, batch.ends[i] - start);
      i++;
      return projection == null ? row : projection.apply(row);
    }
  }
}
