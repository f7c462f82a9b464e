package io.kafkaload.worker.decode;

/**
 * Reads Avro's binary encoding from a byte range, checking every read against the end: a length or
 * count that promises more bytes than are left is refused before anything is allocated for it, so a
 * corrupt value can never make the worker allocate gigabytes (which Avro's own BinaryDecoder would
 * try for a string whose length prefix is corrupt). Positions are byte offsets in the whole message
 * value. Not thread-safe; reused from value to value.
 */
final class AvroCursor {
  byte[] v;
  int pos;
  int end;

  void reset(byte[] value, int from, int to) {
    this.v = value;
    this.pos = from;
    this.end = to;
  }

  int remaining() {
    return end - pos;
  }

  /** A zig-zag varint of at most 10 bytes (Avro {@code long}). */
  long readLong() {
    int start = pos;
    long raw = 0;
    for (int shift = 0; ; shift += 7) {
      if (pos >= end) {
        throw truncated("a varint that starts at byte " + start + " is cut off");
      }
      int b = v[pos++];
      if (shift == 63 && (b & 0xFE) != 0) {
        throw new AvroReject("varint at byte " + start + " is longer than 64 bits");
      }
      raw |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
  }

  /** A zig-zag varint that must fit 32 bits (Avro {@code int}, and enum and union indexes). */
  int readInt() {
    int start = pos;
    long value = readLong();
    if (value != (int) value) {
      throw new AvroReject("int at byte " + start + " is out of the 32-bit range");
    }
    return (int) value;
  }

  boolean readBoolean() {
    need(1, "a boolean");
    byte b = v[pos];
    if (b != 0 && b != 1) {
      throw new AvroReject("boolean at byte " + pos + " is " + (b & 0xFF) + ", not 0 or 1");
    }
    pos++;
    return b == 1;
  }

  float readFloat() {
    need(4, "a float");
    int bits = littleEndianInt(pos);
    pos += 4;
    return Float.intBitsToFloat(bits);
  }

  double readDouble() {
    need(8, "a double");
    long bits = (littleEndianInt(pos) & 0xFFFF_FFFFL) | ((long) littleEndianInt(pos + 4) << 32);
    pos += 8;
    return Double.longBitsToDouble(bits);
  }

  int littleEndianInt(int at) {
    return (v[at] & 0xFF) | (v[at + 1] & 0xFF) << 8 | (v[at + 2] & 0xFF) << 16 | v[at + 3] << 24;
  }

  /** The length before a string or bytes: not negative, and no more than the bytes left. */
  int readLength(String what) {
    int start = pos;
    long n = readLong();
    if (n < 0) {
      throw new AvroReject("negative length " + n + " of " + what + " at byte " + start);
    }
    if (n > end - pos) {
      throw truncated(
          what + " at byte " + start + " has " + n + " bytes, " + (end - pos) + " left");
    }
    return (int) n;
  }

  /**
   * The item count of the next block of an array or map (0 at its end). A negative count is
   * followed by the block's size in bytes (Avro's skippable blocks), checked and then ignored.
   */
  long readBlockCount(String what) {
    int start = pos;
    long count = readLong();
    if (count < 0) {
      if (count == Long.MIN_VALUE) {
        throw new AvroReject("block count of " + what + " at byte " + start + " is out of range");
      }
      count = -count;
      long size = readLong();
      if (size < 0) {
        throw new AvroReject("negative block size " + size + " of " + what + " at byte " + start);
      }
      if (size > end - pos) {
        throw truncated(
            what + " block at byte " + start + " has " + size + " bytes, " + (end - pos) + " left");
      }
    }
    return count;
  }

  /** Fails unless {@code n} more bytes are there. */
  void need(int n, String what) {
    if (end - pos < n) {
      throw truncated(
          what + " at byte " + pos + " needs " + n + " bytes, " + (end - pos) + " left");
    }
  }

  void skip(int n) {
    pos += n;
  }

  private AvroReject truncated(String detail) {
    return new AvroReject("Avro body truncated at byte " + end + ": " + detail);
  }
}
