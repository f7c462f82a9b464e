package io.kafkaload.contract;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * The regular expressions users write ({@code spec.schema.fields[].pattern}, {@code
 * spec.source.kafka.topicPattern}) follow RE2's syntax and run on RE2/J, whose matching time is
 * linear in the input: no pattern can backtrack for ever on a value a producer chose. RE2 lacks the
 * constructs that need backtracking (backreferences, lookaround, possessive quantifiers, atomic
 * groups); they are refused with a message saying so.
 */
public final class UserRegex {

  /** What RE2 lacks, and the fix, appended to every refusal. */
  static final String RE2_LACKS =
      "patterns use RE2 syntax, which runs in linear time and has no backreferences (\\1),"
          + " lookahead or lookbehind ((?=, (?!, (?<=, (?<!), possessive quantifiers (*+, ++)"
          + " or atomic groups ((?>); rewrite the expression without them";

  private UserRegex() {}

  /**
   * Why {@code regex} cannot be used (without the field's name), or null when it can, e.g. {@code
   * "not a valid RE2 regular expression (invalid or unsupported Perl syntax: `(?=`); patterns use
   * RE2 syntax, ..."}.
   */
  public static String problem(String regex) {
    if (regex.contains("&&[")) {
      // Java's class intersection: RE2 would read it as literal characters, matching other text
      return "not a valid RE2 regular expression (class intersection && is Java's, not RE2's);"
          + " list the characters of the class instead";
    }
    try {
      Pattern.compile(regex);
      return null;
    } catch (PatternSyntaxException e) {
      return "not a valid RE2 regular expression ("
          + e.getDescription()
          + ": `"
          + e.getPattern()
          + "`); "
          + RE2_LACKS;
    }
  }
}
