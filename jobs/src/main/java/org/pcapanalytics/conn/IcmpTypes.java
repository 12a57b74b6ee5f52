package org.pcapanalytics.conn;

/**
 * Zeek's ICMP "ports": the source port of an ICMP connection is the message type, the
 * destination port the counterpart type, so a request and its reply share one connection
 * (echo request 8 / reply 0: orig_port 8, resp_port 0 for the pinging side). Messages without a
 * counterpart (unreachable, time exceeded, …) are one-way and use the code as destination port.
 */
final class IcmpTypes {
  private IcmpTypes() {}

  static int counterpart(boolean v6, int type, int code) {
    if (v6) {
      switch (type) {
        case 128: return 129; // echo request / reply
        case 129: return 128;
        case 133: return 134; // router solicitation / advertisement
        case 134: return 133;
        case 135: return 136; // neighbor solicitation / advertisement
        case 136: return 135;
        case 130: return 131; // multicast listener query / report
        case 131: return 130;
        case 139: return 140; // node information query / response
        case 140: return 139;
        case 144: return 145; // home agent address discovery request / reply
        case 145: return 144;
        default: return code;
      }
    }
    switch (type) {
      case 8: return 0; // echo / echo reply
      case 0: return 8;
      case 13: return 14; // timestamp / reply
      case 14: return 13;
      case 15: return 16; // information request / reply
      case 16: return 15;
      case 10: return 9; // router solicitation / advertisement
      case 9: return 10;
      case 17: return 18; // address mask request / reply
      case 18: return 17;
      default: return code;
    }
  }
}
