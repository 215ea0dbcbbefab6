package io.slm4j.chat;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/** The subset of Python's {@code strftime} chat templates use (dates in system prompts), C locale. */
final class Strftime {
  private Strftime() {}

  static String format(LocalDateTime t, String fmt) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < fmt.length(); i++) {
      char c = fmt.charAt(i);
      if (c != '%' || i + 1 == fmt.length()) {
        b.append(c);
        continue;
      }
      char f = fmt.charAt(++i);
      switch (f) {
        case 'd' -> b.append(String.format(Locale.ROOT, "%02d", t.getDayOfMonth()));
        case 'm' -> b.append(String.format(Locale.ROOT, "%02d", t.getMonthValue()));
        case 'Y' -> b.append(t.getYear());
        case 'y' -> b.append(String.format(Locale.ROOT, "%02d", t.getYear() % 100));
        case 'H' -> b.append(String.format(Locale.ROOT, "%02d", t.getHour()));
        case 'I' -> b.append(String.format(Locale.ROOT, "%02d", (t.getHour() + 11) % 12 + 1));
        case 'M' -> b.append(String.format(Locale.ROOT, "%02d", t.getMinute()));
        case 'S' -> b.append(String.format(Locale.ROOT, "%02d", t.getSecond()));
        case 'p' -> b.append(t.getHour() < 12 ? "AM" : "PM");
        case 'j' -> b.append(String.format(Locale.ROOT, "%03d", t.getDayOfYear()));
        case 'B' -> b.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        case 'b' -> b.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        case 'A' -> b.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        case 'a' -> b.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        case '%' -> b.append('%');
        default -> b.append('%').append(f);
      }
    }
    return b.toString();
  }
}
