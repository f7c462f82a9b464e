package io.kafkaload.worker.validate;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The validate stage: checks one decoded row (the UTF-8 bytes of one JSON object) against {@code
 * spec.schema} and writes the row the next stages get: the schema's fields with normalised values
 * (plus unknown members under {@code unknownFields: Keep}), privacy rules applied. The rules are in
 * docs/validation.md.
 *
 * <p>It works on the bytes with a hand-written, non-recursive scanner (recursion only follows the
 * schema's own nesting, never the input's) and reused buffers: an accepted row allocates only the
 * array {@link #row()} returns, unless a field has a regex, a java.time pattern, a zone with
 * daylight saving or a Initials rule. Stack use is constant whatever the input; memory is bounded
 * by a small multiple of the input's size.
 *
 * <p>The work is split by stage: {@link RowReader} finds each field's value in the input, {@link
 * RowWriter} checks each against its type and writes the row ({@link NumberValues}, {@link
 * TimeValues}, then {@link PrivacyRules}), into {@link RowOut}; {@link KeptMembers} holds what
 * {@code unknownFields: Keep} keeps. The schema is compiled once into a {@link SchemaPlan}.
 *
 * <p>Not thread-safe: one instance per consumer thread ({@link #of} is cheap).
 */
public final class RowValidator {

  /** A script (computed) column of the schema, in schema order. */
  public record Computed(String name, String sql, String duckDbType) {}

  private final SchemaPlan plan;
  private final boolean keep;
  private final JsonScan scan = new JsonScan();
  private final ValueText text = new ValueText(scan);
  private final RowOut out = new RowOut();
  private final KeptMembers kept;
  private final RowReader reader;
  private final RowWriter writer;
  private boolean accepted;

  private RowValidator(SchemaPlan plan, byte[] salt) {
    this.plan = plan;
    this.keep = plan.unknown == LoadSpec.UnknownFields.Keep;
    this.kept = keep ? new KeptMembers(plan) : null;
    this.reader = new RowReader(plan, text, kept);
    this.writer =
        new RowWriter(out, text, new PrivacyRules(out, text, salt, plan.leaves), kept, reader);
  }

  /**
   * What is wrong with {@code schema} (the problems {@link #of} would throw), each naming its field
   * and the fix; empty when it compiles. The config's validation ({@code SpecValidator}) lists them
   * with the spec's other problems, so a run refuses a bad schema before it connects to anything.
   */
  public static List<String> problems(LoadSpec.Schema schema) {
    return SchemaPlan.problems(schema);
  }

  /**
   * Builds a validator for {@code schema}; throws a {@link ConfigException} listing every problem,
   * each naming its field ({@code spec.schema.fields[2].type}) and the fix. {@code salt} (the bytes
   * of {@code schema.salt}'s Secret key) may be null: no salt.
   */
  public static RowValidator of(LoadSpec.Schema schema, byte[] salt) {
    return new RowValidator(SchemaPlan.compile(schema), salt);
  }

  /**
   * Like {@link #of(LoadSpec.Schema, byte[])}, for rows that may hold the bare tokens {@code NaN},
   * {@code Infinity} and {@code -Infinity} ({@code nonFinite}: rows decoded from Avro, whose {@code
   * float}/{@code double} values may be so): a {@code double} field writes them as they are, a
   * {@code string} field as their text, kept unknown members keep them, dropped ones are skipped; a
   * {@code json} field holding one is a reject (JSON has no form for them), as for any other type.
   */
  public static RowValidator of(LoadSpec.Schema schema, byte[] salt, boolean nonFinite) {
    RowValidator v = of(schema, salt);
    v.scan.nonFinite = nonFinite;
    return v;
  }

  /**
   * Under {@code unknownFields: Keep}, makes kept members obey the rules of a load without a schema
   * ({@link InferableRow}: names that are not empty, unique ignoring case and spelled as earlier
   * rows spelled them, not the name of a metadata column the load adds; one kind of value per place
   * across the load's rows; numbers its column types hold exactly), and refuses a kept name equal
   * ignoring case to a schema (or script) field of the same object: DuckDB's column names ignore
   * case, so either would make the chunk's columns untypable. Does nothing under other policies.
   *
   * @param metadataColumns the Kafka metadata columns the load adds to each row
   * @return this validator
   */
  public RowValidator checkingKeptMembers(List<String> metadataColumns) {
    if (keep) {
      kept.obeyInferredRules(metadataColumns);
    }
    return this;
  }

  /**
   * Checks one row: null when it is accepted (then {@link #row()} gives the output row), else a
   * one-line reason such as {@code field amount: "12,3" is not a double}. Never throws, whatever
   * the bytes.
   */
  public String check(byte[] jsonObject) {
    accepted = false;
    String r;
    try {
      r = run(jsonObject);
    } catch (RuntimeException | StackOverflowError e) {
      // A bug must cost one record, not the consumer; the reason names no payload.
      r = "could not validate the row (" + e.getClass().getSimpleName() + ")";
    }
    accepted = r == null;
    return r;
  }

  /**
   * The output row of the last accepted {@link #check}: a new array of exactly its length. Throws
   * {@link IllegalStateException} when the last check rejected its row (or none ran).
   */
  public byte[] row() {
    if (!accepted) {
      throw new IllegalStateException("no accepted row: the last check rejected its row");
    }
    return out.copy();
  }

  /**
   * The buffer holding the last accepted row in {@code [0, rowLength())}, without a copy; valid
   * until the next {@link #check}.
   */
  public byte[] rowBuffer() {
    if (!accepted) {
      throw new IllegalStateException("no accepted row: the last check rejected its row");
    }
    return out.bytes;
  }

  /** The length of the last accepted row in {@link #rowBuffer()}. */
  public int rowLength() {
    return accepted ? out.len : 0;
  }

  /**
   * The top-level columns of output rows in schema order, name to DuckDB type (for read_json's
   * {@code columns}); nested fields make a {@code STRUCT("id" BIGINT, ...)}. Script fields are not
   * in it. A privacy rule other than None and Hide makes the column VARCHAR. A new map each call.
   */
  public LinkedHashMap<String, String> columns() {
    return new LinkedHashMap<>(plan.columns);
  }

  /** The script (computed) columns in schema order. */
  public List<Computed> computed() {
    return List.copyOf(plan.computed);
  }

  /** True under {@code unknownFields: Keep}: rows may hold columns beyond {@link #columns()}. */
  public boolean keepsUnknown() {
    return keep;
  }

  private String run(byte[] v) {
    out.reset();
    text.reset();
    if (kept != null) {
      kept.reset();
    }
    String r = reader.read(v);
    if (r == null) {
      r = writer.write(plan.root, v);
    }
    if (r == null && kept != null) {
      r = kept.check(v); // last: an accepted row's kept members teach the load their kinds
    }
    return r;
  }
}
