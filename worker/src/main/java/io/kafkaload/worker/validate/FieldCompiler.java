package io.kafkaload.worker.validate;

import io.kafkaload.contract.UserRegex;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.validate.SchemaPlan.Kind;
import io.kafkaload.worker.validate.SchemaPlan.Leaf;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles each of {@code spec.schema.fields} into a {@link Leaf} of the {@link SchemaPlan} (its
 * type, pattern, zone, format and privacy resolved once) or a script column, and collects every
 * problem of the fields, each naming its field ({@code spec.schema.fields[2].type}) and the fix:
 * names (empty parts, twice ignoring case, a field that is also a parent, parents spelled two
 * ways), types, java.time formats that cannot read back what the type holds, options a field's type
 * or a script field does not take.
 */
final class FieldCompiler {

  static final String SPEC = "spec.schema.fields[";

  /** The fields read from the input, in schema order; {@code id} is the index here. */
  final List<Leaf> leaves = new ArrayList<>();

  /** The script fields' names (top-level ones only) and columns, in schema order. */
  final List<byte[]> scriptNames = new ArrayList<>();

  final List<RowValidator.Computed> computed = new ArrayList<>();

  private final List<String> problems;
  private final Map<String, Integer> byName = new HashMap<>();
  private final Map<String, Integer> byLowerName = new HashMap<>();

  FieldCompiler(List<String> problems) {
    this.problems = problems;
  }

  void compile(List<LoadSpec.Field> fields) {
    for (int i = 0; i < fields.size(); i++) {
      field(fields.get(i), i);
    }
    checkPrefixes(fields, byName, problems);
    checkParentCase(fields, problems);
  }

  private void field(LoadSpec.Field f, int i) {
    String at = SPEC + i + "]";
    if (f == null) {
      problems.add(at + ": is empty; give it at least a name");
      return;
    }
    String name = f.name();
    if (name == null || name.isBlank()) {
      problems.add(
          at + ".name: is missing; give a top-level name or a dotted path like user.address.city");
      return;
    }
    boolean nameOk = checkName(name, at, i);
    Leaf leaf = new Leaf();
    leaf.path = name;
    leaf.prefix = "field " + name + ": ";
    boolean typed = FieldTypes.parseType(f.type(), leaf, at, problems);
    if (f.script() != null) {
      checkScript(f, at, name, problems);
      if (nameOk && !name.contains(".")) {
        scriptNames.add(name.getBytes(StandardCharsets.UTF_8));
      }
      computed.add(
          new RowValidator.Computed(
              name, f.script(), f.type() != null && typed ? leaf.duckDbType() : null));
      return;
    }
    leaf.required = f.requiredOrDefault();
    if (f.pattern() != null) {
      String problem = UserRegex.problem(f.pattern());
      if (problem != null) {
        problems.add(at + ".pattern: " + problem);
      } else {
        leaf.pattern = com.google.re2j.Pattern.compile(f.pattern());
        leaf.matcher = leaf.pattern.matcher("");
      }
    }
    time(f, leaf, typed, at);
    leaf.privacy = f.privacyOrDefault();
    leaf.keepLast = f.maskKeepLastOrDefault();
    if (leaf.keepLast < 0) {
      problems.add(at + ".maskKeepLast: " + leaf.keepLast + " is negative; use 0 or more");
    } else if (f.maskKeepLast() != null && leaf.privacy != LoadSpec.Privacy.Mask) {
      problems.add(
          at + ".maskKeepLast: applies to privacy Mask only; set privacy: Mask or remove it");
    }
    if (nameOk) {
      leaf.id = leaves.size();
      leaves.add(leaf);
    }
  }

  /** Whether the name has no empty part and is not an earlier field's ignoring case. */
  private boolean checkName(String name, String at, int i) {
    boolean nameOk = true;
    for (String part : name.split("\\.", -1)) {
      if (part.isEmpty()) {
        problems.add(
            at
                + ".name: \""
                + name
                + "\" has an empty part; write a dotted path like user.address.city");
        nameOk = false;
        break;
      }
    }
    Integer before = byName.putIfAbsent(name, i);
    if (before == null) {
      before = byLowerName.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
    }
    if (before != null) {
      problems.add(
          at
              + ".name: \""
              + name
              + "\" is already spec.schema.fields["
              + before
              + "] (column names ignore case); name each field once");
      return false;
    }
    byLowerName.put(name.toLowerCase(Locale.ROOT), i);
    return nameOk;
  }

  /** The field's timeZone and format: only date and timestamp fields take them. */
  private void time(LoadSpec.Field f, Leaf leaf, boolean typed, String at) {
    boolean temporal = leaf.kind == Kind.DATE || leaf.kind == Kind.TIMESTAMP;
    if (f.timeZone() != null) {
      if (typed && !temporal) {
        problems.add(
            at
                + ".timeZone: only date and timestamp fields take a timeZone; remove it or"
                + " set type: timestamp");
      } else {
        try {
          leaf.zone = ZoneId.of(f.timeZone());
        } catch (DateTimeException e) {
          problems.add(
              at
                  + ".timeZone: unknown zone \""
                  + f.timeZone()
                  + "\"; use an IANA name like Europe/Paris, or UTC");
        }
      }
    }
    leaf.fixedOffset =
        leaf.zone.getRules().isFixedOffset()
            ? leaf.zone.getRules().getOffset(java.time.Instant.EPOCH).getTotalSeconds()
            : Integer.MIN_VALUE;
    if (f.format() != null) {
      if (typed && !temporal) {
        problems.add(
            at
                + ".format: only date and timestamp fields take a format; remove it or set"
                + " type: date or timestamp");
      } else if (typed) {
        FieldTypes.parseFormat(f.format(), leaf, at, problems);
      }
    }
  }

  private static void checkScript(LoadSpec.Field f, String at, String name, List<String> p) {
    if (f.script().isBlank()) {
      p.add(at + ".script: is empty; give a SQL expression like amount * 0.92, or remove it");
    }
    if (name.contains(".")) {
      p.add(
          at
              + ".name: \""
              + name
              + "\" is a script field, which is a top-level column; use a name without dots");
    }
    String fix = " is not allowed on a script field (it is computed, not read); remove it";
    if (f.required() != null) {
      p.add(at + ".required:" + fix);
    }
    if (f.pattern() != null) {
      p.add(at + ".pattern:" + fix);
    }
    if (f.privacy() != null) {
      p.add(at + ".privacy:" + fix);
    }
    if (f.format() != null) {
      p.add(at + ".format:" + fix);
    }
    if (f.timeZone() != null) {
      p.add(at + ".timeZone:" + fix);
    }
    if (f.maskKeepLast() != null) {
      p.add(at + ".maskKeepLast:" + fix);
    }
  }

  /** A name that is both a field and the parent of another field ("user" and "user.id"). */
  private static void checkPrefixes(
      List<LoadSpec.Field> fields, Map<String, Integer> byName, List<String> problems) {
    for (int i = 0; i < fields.size(); i++) {
      LoadSpec.Field f = fields.get(i);
      if (f == null || f.name() == null) {
        continue;
      }
      String name = f.name();
      int dot = name.indexOf('.');
      while (dot > 0) {
        Integer parent = byName.get(name.substring(0, dot));
        if (parent != null) {
          problems.add(
              SPEC
                  + i
                  + "].name: \""
                  + name
                  + "\" is inside \""
                  + name.substring(0, dot)
                  + "\", which spec.schema.fields["
                  + parent
                  + "] declares as a value; a name is either a field or a parent object:"
                  + " rename one of them");
          break;
        }
        dot = name.indexOf('.', dot + 1);
      }
    }
  }

  /** "User.id" and "user.name" would make two columns DuckDB cannot tell apart. */
  private static void checkParentCase(List<LoadSpec.Field> fields, List<String> problems) {
    Map<String, String> parents = new HashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      LoadSpec.Field f = fields.get(i);
      if (f == null || f.name() == null) {
        continue;
      }
      String name = f.name();
      int dot = name.indexOf('.');
      while (dot > 0) {
        String parent = name.substring(0, dot);
        String other = parents.putIfAbsent(parent.toLowerCase(Locale.ROOT), parent);
        if (other != null && !other.equals(parent)) {
          problems.add(
              SPEC
                  + i
                  + "].name: \""
                  + name
                  + "\" is inside \""
                  + parent
                  + "\" but another field is inside \""
                  + other
                  + "\" (column names ignore case); spell the parent the same way");
          break;
        }
        dot = name.indexOf('.', dot + 1);
      }
    }
  }
}
