package org.pcapanalytics.generate;

/** An address and a host name, for pcapng Name Resolution Blocks. */
record NameRecord(byte[] address, String name) {
}
