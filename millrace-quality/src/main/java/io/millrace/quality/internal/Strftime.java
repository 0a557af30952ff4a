package io.millrace.quality.internal;

import java.util.Set;

/** Checks that a strftime format uses only directives the engine's strptime understands. */
final class Strftime {
  private static final Set<Character> DIRECTIVES = Set.of('a', 'A', 'w', 'd', 'b', 'B', 'm', 'y', 'Y', 'H',
      'I', 'p', 'M', 'S', 'f', 'z', 'Z', 'j', 'U', 'W', 'c', 'x', 'X', '%', 'g', 'G', 'n', 'e');

  private Strftime() {}

  static void check(String fmt) {
    for (int i = 0; i < fmt.length(); i++) {
      if (fmt.charAt(i) != '%') {
        continue;
      }
      int j = i + 1;
      if (j < fmt.length() && fmt.charAt(j) == '-') {
        j++;
      }
      if (j >= fmt.length() || !DIRECTIVES.contains(fmt.charAt(j))) {
        throw new BindError("Unable to use provided strftime_format. '" + fmt + "' has an unsupported "
            + "directive at position " + i);
      }
      i = j;
    }
  }
}
