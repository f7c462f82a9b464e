package io.kafkaload.worker.output.jdbc;

/**
 * How one load column goes into its table column: the load's type, the table's type, and the
 * per-value checks that find, before COPY, the values PostgreSQL would refuse (so the row is
 * rejected with a precise reason instead of failing the statement).
 *
 * @param maxChars varchar(n)/char(n) length in characters, or -1
 * @param padded true for char(n): trailing spaces beyond n are allowed (PostgreSQL drops them)
 * @param maxIntegerDigits digits before the point a numeric(p,s) column holds (p - s), or -1
 * @param min smallest integer the column holds (integer columns narrower than the load's type)
 * @param max largest integer the column holds; {@code min > max} when there is no range check
 * @param noNul values must not hold a NUL character (text, varchar, char, json, jsonb)
 * @param jsonb values must not hold the JSON escape {@code \u0000} either
 */
record ColumnPlan(
    String name,
    DuckType load,
    String tableType,
    int maxChars,
    boolean padded,
    int maxIntegerDigits,
    long min,
    long max,
    boolean noNul,
    boolean jsonb) {

  boolean hasRange() {
    return min <= max;
  }

  /**
   * The plan for a load column going into a table column of {@code typname} ({@code pg_type}'s name
   * of the base type) with modifier {@code typmod}; null when the column cannot take the load's
   * values ({@link #misfit} says why).
   */
  static ColumnPlan of(String name, DuckType load, String typname, int typmod, String tableType) {
    if (misfit(load, typname, typmod) != null) {
      return null;
    }
    int maxChars = -1;
    boolean padded = false;
    if ((typname.equals("varchar") || typname.equals("bpchar")) && typmod >= 4) {
      maxChars = typmod - 4;
      padded = typname.equals("bpchar");
    }
    int maxIntegerDigits = -1;
    if (typname.equals("numeric") && typmod >= 4) {
      int p = ((typmod - 4) >> 16) & 0xffff;
      int s = (typmod - 4) & 0xffff;
      int have =
          switch (load.family()) {
            case INTEGER -> digitsOf(load.bits());
            case BIG_INTEGER -> load.precision() == 0 ? Integer.MAX_VALUE : load.precision();
            case DECIMAL -> load.precision() - load.scale();
            default -> 0;
          };
      if (have > p - s) {
        maxIntegerDigits = p - s;
      }
    }
    long min = 1;
    long max = 0;
    int columnBits =
        switch (typname) {
          case "int2" -> 16;
          case "int4" -> 32;
          case "int8" -> 64;
          default -> 0;
        };
    int loadBits =
        load.family() == DuckType.Family.DECIMAL
            ? (load.precision() <= 4 ? 16 : load.precision() <= 9 ? 32 : 65)
            : load.bits();
    if (columnBits > 0 && loadBits > columnBits) {
      min =
          columnBits == 16
              ? Short.MIN_VALUE
              : columnBits == 32 ? Integer.MIN_VALUE : Long.MIN_VALUE;
      max =
          columnBits == 16
              ? Short.MAX_VALUE
              : columnBits == 32 ? Integer.MAX_VALUE : Long.MAX_VALUE;
    }
    boolean noNul =
        switch (typname) {
          case "text", "varchar", "bpchar", "json", "jsonb" -> true;
          default -> false;
        };
    return new ColumnPlan(
        name,
        load,
        tableType,
        maxChars,
        padded,
        maxIntegerDigits,
        min,
        max,
        noNul,
        typname.equals("jsonb"));
  }

  private static int digitsOf(int bits) {
    return bits <= 8 ? 3 : bits <= 16 ? 5 : bits <= 32 ? 10 : 19;
  }

  /** Why a table column of {@code typname} cannot take the load's values, or null when it can. */
  static String misfit(DuckType load, String typname, int typmod) {
    boolean ok =
        switch (load.family()) {
          case INTEGER ->
              switch (typname) {
                case "int2", "int4", "int8", "numeric" -> true;
                case "float8" -> load.bits() <= 32;
                case "float4" -> load.bits() <= 16;
                default -> false;
              };
          case BIG_INTEGER -> typname.equals("numeric") || typname.equals("int8");
          case DECIMAL ->
              typname.equals("numeric")
                  || (load.scale() == 0
                      && (typname.equals("int2")
                          || typname.equals("int4")
                          || typname.equals("int8")));
          case FLOAT -> typname.equals("float4") || typname.equals("float8");
          case DOUBLE -> typname.equals("float8");
          case BOOLEAN -> typname.equals("bool");
          case TEXT ->
              typname.equals("text") || typname.equals("varchar") || typname.equals("bpchar");
          case UUID ->
              typname.equals("uuid")
                  || typname.equals("text")
                  || ((typname.equals("varchar") || typname.equals("bpchar"))
                      && (typmod < 0 || typmod - 4 >= 36));
          case JSON, NESTED ->
              typname.equals("jsonb") || typname.equals("json") || typname.equals("text");
          case DATE -> typname.equals("date") || typname.equals("timestamp");
          case TIME -> typname.equals("time");
          case TIMETZ -> typname.equals("timetz");
          case TIMESTAMP -> typname.equals("timestamp");
          case TIMESTAMPTZ -> typname.equals("timestamptz");
          case INTERVAL -> typname.equals("interval");
          case BLOB -> typname.equals("bytea");
        };
    if (!ok) {
      return "cannot take the load's values";
    }
    if (load.family() == DuckType.Family.DECIMAL && typname.equals("numeric") && typmod >= 4) {
      int s = (typmod - 4) & 0xffff;
      if (s < load.scale()) {
        return "has "
            + s
            + " decimal places, the load's values have "
            + load.scale()
            + " (PostgreSQL would round them)";
      }
    }
    return null;
  }
}
