package org.pcapanalytics.io;

import java.io.Serializable;
import java.util.List;

/**
 * Where the sections of a pcapng file start (offsets of its Section Header Blocks, ascending),
 * from one scan of its block headers when the split planner is asked for it
 * ({@link PcapInputFormat#SECTION_SCAN}). {@code complete} is false when damage stopped the scan:
 * the offsets then describe the file up to the damage only.
 */
public final class SectionIndex implements Serializable {
  private static final long serialVersionUID = 1L;

  final long[] offsets;
  final boolean complete;

  SectionIndex(long[] offsets, boolean complete) {
    this.offsets = offsets;
    this.complete = complete;
  }

  SectionIndex(List<Long> offsets, boolean complete) {
    this(offsets.stream().mapToLong(Long::longValue).toArray(), complete);
  }

  public int sections() { return offsets.length; }

  public boolean complete() { return complete; }
}
