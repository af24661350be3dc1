package io.indexedcp.client.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Human-friendly option values: sizes such as {@code 512K} or {@code 4M}, delays such as {@code 0.5} or {@code 250ms}. */
final class Converters {

    private Converters() {
    }

    /** Bytes, with an optional binary suffix K, M, G (KiB, MiB, GiB also accepted). */
    static final class Size implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String v = value.strip().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
            long factor = 1;
            if (v.endsWith("K")) {
                factor = 1024;
            } else if (v.endsWith("M")) {
                factor = 1024 * 1024;
            } else if (v.endsWith("G")) {
                factor = 1024L * 1024 * 1024;
            }
            if (factor > 1) {
                v = v.substring(0, v.length() - 1);
            }
            long bytes;
            try {
                bytes = Long.parseLong(v.strip()) * factor;
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a size (e.g. 1048576, 512K, 4M)");
            }
            if (bytes <= 0 || bytes > Integer.MAX_VALUE - 1024) {
                throw new TypeConversionException("'" + value + "' is out of range (1 byte to 2 GiB)");
            }
            return (int) bytes;
        }
    }

    /** Seconds as a decimal number ({@code 1}, {@code 0.25}), or with a unit ({@code 250ms}, {@code 2s}, {@code 10min}). */
    static final class Delay implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).strip()));
                }
                if (v.endsWith("min")) {
                    return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 3).strip()));
                }
                if (v.endsWith("s")) {
                    v = v.substring(0, v.length() - 1).strip();
                }
                double seconds = Double.parseDouble(v);
                if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                    throw new NumberFormatException();
                }
                return Duration.ofNanos(Math.round(seconds * 1e9));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new TypeConversionException("'" + value + "' is not a delay (e.g. 1, 0.5, 250ms, 10min)");
            }
        }
    }
}
