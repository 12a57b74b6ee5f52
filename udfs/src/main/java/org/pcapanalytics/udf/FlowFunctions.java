package org.pcapanalytics.udf;

import java.io.Serializable;
import org.pcapanalytics.net.CommunityIds;
import org.pcapanalytics.net.IpAddress;
import scala.runtime.AbstractFunction5;
import scala.runtime.AbstractFunction6;

/** The per-row function objects of {@code community_id(...)}: null for null or invalid input. */
final class FlowFunctions {
  private FlowFunctions() {}

  /** {@code community_id} with five arguments: the configured seed. */
  static final class CommunityIdOf extends AbstractFunction5<Object, Object, Object, Object, Object, Object>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int seed;

    CommunityIdOf(int seed) {
      this.seed = seed;
    }

    @Override
    public Object apply(Object srcIp, Object dstIp, Object proto, Object srcPort, Object dstPort) {
      return id(srcIp, dstIp, proto, srcPort, dstPort, seed);
    }
  }

  /** {@code community_id} with the seed as its sixth argument. */
  static final class CommunityIdSeeded extends AbstractFunction6<Object, Object, Object, Object, Object, Object, Object>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object apply(Object srcIp, Object dstIp, Object proto, Object srcPort, Object dstPort, Object seed) {
      return seed instanceof Integer s ? id(srcIp, dstIp, proto, srcPort, dstPort, s) : null;
    }
  }

  static String id(Object srcIp, Object dstIp, Object proto, Object srcPort, Object dstPort, int seed) {
    String src = Fn.string(srcIp);
    String dst = Fn.string(dstIp);
    if (src == null || dst == null || proto == null) return null;
    int p;
    if (proto instanceof Integer i) {
      p = i;
    } else {
      IpAddress a = IpAddress.parse(src);
      p = CommunityIds.protocol(proto.toString(), a != null && a.isIpv6());
    }
    if (p < 0) return null;
    return CommunityIds.of(src, dst, p, port(srcPort), port(dstPort), seed);
  }

  /** A port argument: -1 (none) for null; a negative value stays invalid rather than absent. */
  private static int port(Object v) {
    if (v == null) return -1;
    int p = v instanceof Integer i ? i : Integer.MIN_VALUE;
    return p < 0 ? Integer.MAX_VALUE : p; // out of 0..65535: no ID
  }
}
