package io.indexedcp.server.metrics;

import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Records into the application registry of MicroProfile Metrics, which Payara serves at
 * {@code /metrics}. The only class that names the Metrics API: where the server lacks it,
 * {@link #of} fails with a {@link LinkageError} and {@link UploadMetrics} records nothing.
 */
final class MicroProfileRecorder implements Recorder {

    private final MetricRegistry registry;

    private MicroProfileRecorder(MetricRegistry registry) {
        this.registry = registry;
    }

    /** The application registry, looked up rather than injected so that its absence cannot fail a deployment. */
    static Recorder of(Instance<Object> beans) {
        return new MicroProfileRecorder(beans.select(MetricRegistry.class).get());
    }

    @Override
    public LongConsumer counter(String name, String description) {
        Counter counter = registry.counter(metadata(name, description, MetricUnits.NONE));
        return counter::inc;
    }

    @Override
    public TaggedCounter taggedCounter(String name, String description, String tag) {
        Metadata metadata = Metadata.builder().withName(name).withDescription(description).build();
        return value -> registry.counter(metadata, new Tag(tag, value)).inc();
    }

    @Override
    public LongConsumer histogram(String name, String description) {
        Histogram histogram = registry.histogram(metadata(name, description, MetricUnits.NONE));
        return histogram::update;
    }

    @Override
    public Timer timer(String name, String description) {
        org.eclipse.microprofile.metrics.Timer timer = registry.timer(metadata(name, description, MetricUnits.SECONDS));
        return new Timer() {
            @Override
            public UploadMetrics.Timing time() {
                return timer.time()::close;
            }

            @Override
            public void update(Duration took) {
                timer.update(took);
            }
        };
    }

    @Override
    public void gauge(String name, String description, String unit, Supplier<Number> reading) {
        registry.gauge(metadata(name, description, unit), reading);
    }

    private static Metadata metadata(String name, String description, String unit) {
        return Metadata.builder().withName(name).withDescription(description).withUnit(unit).build();
    }
}
