package io.millrace.quality.internal.rowexpr;

/**
 * JSON validity as DuckDB's {@code json_valid} (yyjson, with trailing commas and Inf/NaN allowed)
 * judges it: one value between optional whitespace; strict JSON numbers and strings; a trailing
 * comma after the last element or member; {@code inf}, {@code infinity}, {@code nan} in any case,
 * optionally after {@code -}.
 */
final class Json {
  private final String s;
  private int i;

  private Json(String s) {
    this.s = s;
  }

  static boolean valid(String text) {
    Json j = new Json(text);
    try {
      j.ws();
      if (!j.value(0)) {
        return false;
      }
      j.ws();
      return j.i == text.length();
    } catch (StringIndexOutOfBoundsException e) {
      return false;
    }
  }

  private void ws() {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
      i++;
    }
  }

  private boolean value(int depth) {
    if (i >= s.length() || depth > 1000) {
      return false;
    }
    char c = s.charAt(i);
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> word("true");
      case 'f' -> word("false");
      case 'n', 'N', 'i', 'I' -> word("null") || special();
      default -> number();
    };
  }

  private boolean word(String w) {
    if (s.startsWith(w, i)) {
      i += w.length();
      return true;
    }
    return false;
  }

  private boolean special() {
    int start = i;
    if (i < s.length() && s.charAt(i) == '-') {
      i++;
    }
    for (String w : new String[] {"infinity", "inf", "nan"}) {
      if (s.regionMatches(true, i, w, 0, w.length())) {
        i += w.length();
        return true;
      }
    }
    i = start;
    return false;
  }

  private boolean object(int depth) {
    i++;
    ws();
    if (s.charAt(i) == '}') {
      i++;
      return true;
    }
    while (true) {
      if (s.charAt(i) != '"' || !string()) {
        return false;
      }
      ws();
      if (s.charAt(i++) != ':') {
        return false;
      }
      ws();
      if (!value(depth + 1)) {
        return false;
      }
      ws();
      char c = s.charAt(i++);
      if (c == '}') {
        return true;
      }
      if (c != ',') {
        return false;
      }
      ws();
      if (s.charAt(i) == '}') {
        i++;
        return true;
      }
    }
  }

  private boolean array(int depth) {
    i++;
    ws();
    if (s.charAt(i) == ']') {
      i++;
      return true;
    }
    while (true) {
      if (!value(depth + 1)) {
        return false;
      }
      ws();
      char c = s.charAt(i++);
      if (c == ']') {
        return true;
      }
      if (c != ',') {
        return false;
      }
      ws();
      if (s.charAt(i) == ']') {
        i++;
        return true;
      }
    }
  }

  private boolean string() {
    i++;
    while (true) {
      char c = s.charAt(i++);
      if (c == '"') {
        return true;
      }
      if (c < 0x20) {
        return false;
      }
      if (c == '\\') {
        char e = s.charAt(i++);
        if (e == 'u') {
          for (int k = 0; k < 4; k++) {
            if (Character.digit(s.charAt(i++), 16) < 0) {
              return false;
            }
          }
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
          return false;
        }
      }
    }
  }

  private boolean number() {
    if (s.charAt(i) == '-') {
      i++;
      if (i < s.length() && (s.charAt(i) == 'i' || s.charAt(i) == 'I' || s.charAt(i) == 'n' || s.charAt(i) == 'N')) {
        i--;
        return special();
      }
    }
    if (i >= s.length() || !Character.isDigit(s.charAt(i))) {
      return false;
    }
    if (s.charAt(i) == '0') {
      i++;
    } else {
      digits();
    }
    if (i < s.length() && s.charAt(i) == '.') {
      i++;
      if (digits() == 0) {
        return false;
      }
    }
    if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      return digits() > 0;
    }
    return true;
  }

  private int digits() {
    int start = i;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i - start;
  }
}
