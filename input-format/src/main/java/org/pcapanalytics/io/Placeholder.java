package org.pcapanalytics.io;
final class Placeholder {}
