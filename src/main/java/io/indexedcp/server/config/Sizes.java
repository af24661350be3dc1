package io.indexedcp.server.config;

import java.util.Locale;

/**
 * A size in bytes as an operator writes it: a whole number, optionally followed by {@code K},
 * {@code M}, {@code G}, {@code T} or {@code P} (powers of 1024; {@code GB}/{@code GiB} spellings
 * and a trailing {@code B} too, in any case): {@code 10G}, {@code 500M}, {@code 1048576}.
 */
public final class Sizes {

    private static final String UNITS = "KMGTP";

    private Sizes() {
    }

    public static long parse(String text) {
        String value = text.strip().toUpperCase(Locale.ROOT);
        if (value.endsWith("IB")) {
            value = value.substring(0, value.length() - 2);
        } else if (value.endsWith("B")) {
            value = value.substring(0, value.length() - 1);
        }
        int shift = 0;
        if (!value.isEmpty() && UNITS.indexOf(value.charAt(value.length() - 1)) >= 0) {
            shift = 10 * (UNITS.indexOf(value.charAt(value.length() - 1)) + 1);
            value = value.substring(0, value.length() - 1).strip();
        }
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size in bytes: \"" + text + "\" (a whole number, optionally"
                    + " with K, M, G, T or P: 10G, 500M)");
        }
        if (number < 0 || (shift > 0 && number > (Long.MAX_VALUE >> shift))) {
            throw new IllegalArgumentException("not a size in bytes: \"" + text + "\" (negative or too large)");
        }
        return number << shift;
    }
}
