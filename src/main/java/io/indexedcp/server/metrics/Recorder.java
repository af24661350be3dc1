package io.indexedcp.server.metrics;

import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Where {@link UploadMetrics} records: MicroProfile Metrics where the server has it
 * ({@link MicroProfileRecorder}), nothing where it has not ({@link #NONE}: a plain Jakarta EE server,
 * the unit tests). Handles are made once and kept, as MicroProfile Metrics' own are.
 */
interface Recorder {

    /** MicroProfile Metrics' unit names ({@code MetricUnits.NONE}, {@code MetricUnits.BYTES}). */
    String NONE_UNIT = "none";
    String BYTES_UNIT = "bytes";

    /** A timer: times measured with {@link #time()} or given to {@link #update}. */
    interface Timer {
        UploadMetrics.Timing time();

        void update(Duration took);
    }

    LongConsumer counter(String name, String description);

    /** A counter per value of one tag, made on first use. */
    TaggedCounter taggedCounter(String name, String description, String tag);

    LongConsumer histogram(String name, String description);

    /** A timer in seconds. */
    Timer timer(String name, String description);

    void gauge(String name, String description, String unit, Supplier<Number> reading);

    interface TaggedCounter {
        void inc(String tagValue);
    }

    UploadMetrics.Timing NOT_TIMED = () -> {
    };

    Recorder NONE = new Recorder() {
        @Override
        public LongConsumer counter(String name, String description) {
            return amount -> {
            };
        }

        @Override
        public TaggedCounter taggedCounter(String name, String description, String tag) {
            return value -> {
            };
        }

        @Override
        public LongConsumer histogram(String name, String description) {
            return value -> {
            };
        }

        @Override
        public Timer timer(String name, String description) {
            return new Timer() {
                @Override
                public UploadMetrics.Timing time() {
                    return NOT_TIMED;
                }

                @Override
                public void update(Duration took) {
                }
            };
        }

        @Override
        public void gauge(String name, String description, String unit, Supplier<Number> reading) {
        }
    };
}
