package org.pcapanalytics.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Unaligned little/big-endian reads, and little-endian writes, on byte arrays (VarHandles: single moves). */
public final class Bytes {
  private static final VarHandle I16_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I16_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle I32_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I32_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle I64_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I64_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private Bytes() {}

  public static int u16(byte[] b, int i, boolean le) {
    return (le ? (short) I16_LE.get(b, i) : (short) I16_BE.get(b, i)) & 0xFFFF;
  }

  public static int u16be(byte[] b, int i) {
    return ((short) I16_BE.get(b, i)) & 0xFFFF;
  }

  public static int i32(byte[] b, int i, boolean le) {
    return le ? (int) I32_LE.get(b, i) : (int) I32_BE.get(b, i);
  }

  public static int i32be(byte[] b, int i) {
    return (int) I32_BE.get(b, i);
  }

  public static long u32(byte[] b, int i, boolean le) {
    return i32(b, i, le) & 0xFFFF_FFFFL;
  }

  public static long u32be(byte[] b, int i) {
    return ((int) I32_BE.get(b, i)) & 0xFFFF_FFFFL;
  }

  public static long i64(byte[] b, int i, boolean le) {
    return le ? (long) I64_LE.get(b, i) : (long) I64_BE.get(b, i);
  }

  public static void putI16le(byte[] b, int i, int v) {
    I16_LE.set(b, i, (short) v);
  }

  public static void putI32le(byte[] b, int i, int v) {
    I32_LE.set(b, i, v);
  }

  /** Hex of up to {@code max} bytes, for error messages. */
  public static String hex(byte[] b, int off, int len, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(len, max); i++) {
      if (i > 0) sb.append(' ');
      sb.append(Character.forDigit((b[off + i] >> 4) & 0xF, 16)).append(Character.forDigit(b[off + i] & 0xF, 16));
    }
    return sb.toString();
  }
}
