package io.indexedcp.server.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RefusalLogTest {

    private final Logger logger = Logger.getLogger(RefusalLog.LOGGER);
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final AtomicLong now = new AtomicLong(1_000);
    private final RefusalLog log = new RefusalLog(now::get);

    @BeforeEach
    void listen() {
        logger.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(handler);
    }

    @Test
    void oneLinePerStatusAndMinuteThenTheCountOfThoseLeftOut() {
        log.refused(401, "POST", "/upload", "10.0.0.1", "Invalid or missing API key");
        log.refused(401, "POST", "/upload", "10.0.0.1", "Invalid or missing API key");
        log.refused(400, "POST", "/upload", "10.0.0.2", "Invalid chunk index");
        log.refused(401, "GET", "/metrics", "10.0.0.1", "Invalid or missing API key");
        now.addAndGet(RefusalLog.QUIET.toNanos());
        log.refused(401, "POST", "/upload", "10.0.0.3", "Invalid or missing API key");

        assertEquals(List.of(
                "Refused POST /upload from 10.0.0.1 with 401: Invalid or missing API key",
                "Refused POST /upload from 10.0.0.2 with 400: Invalid chunk index",
                "Refused POST /upload from 10.0.0.3 with 401: Invalid or missing API key"
                        + " (2 more refused with 401 since the last such line)"),
                records.stream().map(LogRecord::getMessage).toList());
    }

    @Test
    void aClientsMistakeIsInfoAndTheServersOwnConditionIsWarning() {
        log.refused(413, "POST", "/upload", "10.0.0.1", "Chunk too large");
        log.refused(507, "POST", "/upload", "10.0.0.1", "Insufficient storage");
        log.refused(503, "POST", "/upload", "10.0.0.1", "Busy");

        assertEquals(List.of(Level.INFO, Level.WARNING, Level.WARNING), records.stream().map(LogRecord::getLevel).toList());
    }
}
