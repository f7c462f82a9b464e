package io.kafkaload.operator.api;

/** How a validated value is rewritten before it is written. */
public enum Privacy {
  /** Kept as it is. */
  None,
  /** Written as null. */
  Hide,
  /** Hex MD5 digest of the text, salted with the schema's salt when set. */
  Md5,
  /** Hex SHA-256 digest of the text, salted with the schema's salt when set. */
  Sha256,
  /** The first letter of each word. */
  Initials,
  /** {@code *} for every character but the last {@code maskKeepLast}. */
  Mask
}
