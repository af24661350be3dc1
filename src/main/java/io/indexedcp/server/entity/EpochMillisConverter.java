package io.indexedcp.server.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;

/** Stores instants as epoch milliseconds: one portable integer column in SQLite and PostgreSQL alike. */
@Converter
public class EpochMillisConverter implements AttributeConverter<Instant, Long> {

    @Override
    public Long convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    @Override
    public Instant convertToEntityAttribute(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
