package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * One field of a load's schema: a validated (and maybe rewritten) value, or a computed column
 * ({@code script}). No schema defaults here: a default {@code type} would cast every script column
 * to text, and defaults on each item would fill every field with settings that do not apply to it;
 * the worker applies the documented defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// has() checks only: cheap for the API server's cost estimate of a rule on every list item.
@ValidationRule(
    value =
        "!has(self.script) || ((!has(self.required) || !self.required) && !has(self.pattern)"
            + " && !has(self.format) && !has(self.privacy))",
    message =
        "script: a computed column has no required, pattern, format or privacy; remove them or"
            + " the script")
public class SchemaField {

  /** The type pattern of the CRD: DuckDB-like names, decimal with precision and scale. */
  public static final String TYPE_PATTERN =
      "^(string|long|int|double|boolean|date|timestamp|json|decimal\\(\\d{1,2},\\s*\\d{1,2}\\))$";

  @Required
  @JsonPropertyDescription(
      "A top-level name or a dotted path into nested objects (user.address.city)")
  private String name;

  @Pattern(TYPE_PATTERN)
  @JsonPropertyDescription(
      "string (default), long, int, double, decimal(p,s), boolean, date, timestamp, or json (any"
          + " JSON value kept as its text); a script column is cast to it when given")
  private String type;

  @JsonPropertyDescription("Missing or null is a reject (default false)")
  private Boolean required;

  @JsonPropertyDescription("Java regular expression the value's whole text must match")
  private String pattern;

  @JsonPropertyDescription(
      "date/timestamp: a java.time pattern (dd/MM/yyyy HH:mm), epochMillis or epochSeconds;"
          + " default ISO-8601")
  private String format;

  @JsonPropertyDescription("IANA zone of timestamps written without an offset; default UTC")
  private String timeZone;

  @JsonPropertyDescription(
      "Applied after validation: None (default), Hide, Md5, Sha256 (salted with schema.salt),"
          + " Initials, Mask")
  private Privacy privacy;

  @Min(0)
  @JsonPropertyDescription("Characters Mask keeps at the end; default 4")
  private Integer maskKeepLast;

  @JsonPropertyDescription(
      "A computed column: a DuckDB SQL expression over the validated row (amount * 0.92)")
  private String script;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public Boolean getRequired() {
    return required;
  }

  public void setRequired(Boolean required) {
    this.required = required;
  }

  public String getPattern() {
    return pattern;
  }

  public void setPattern(String pattern) {
    this.pattern = pattern;
  }

  public String getFormat() {
    return format;
  }

  public void setFormat(String format) {
    this.format = format;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public Privacy getPrivacy() {
    return privacy;
  }

  public void setPrivacy(Privacy privacy) {
    this.privacy = privacy;
  }

  public Integer getMaskKeepLast() {
    return maskKeepLast;
  }

  public void setMaskKeepLast(Integer maskKeepLast) {
    this.maskKeepLast = maskKeepLast;
  }

  public String getScript() {
    return script;
  }

  public void setScript(String script) {
    this.script = script;
  }
}
