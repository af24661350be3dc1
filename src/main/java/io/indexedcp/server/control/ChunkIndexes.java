package io.indexedcp.server.control;

/** Parses {@code X-Chunk-Index}: a plain decimal from 0 to {@link #MAX_INDEX}. */
public final class ChunkIndexes {

    /** The largest index accepted: indexes and the count of placed chunks (index + 1) are 32-bit integers. */
    public static final int MAX_INDEX = Integer.MAX_VALUE - 1;

    private ChunkIndexes() {
    }

    public static int parse(String header) {
        if (header == null || header.isBlank()) {
            throw new InvalidChunkIndexException("missing");
        }
        String value = header.strip();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '-' && i == 0) {
                throw new InvalidChunkIndexException("must not be negative");
            }
            if (c < '0' || c > '9') {
                throw new InvalidChunkIndexException("'" + printable(value) + "' is not a decimal number");
            }
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidChunkIndexException("out of range (0.." + MAX_INDEX + ")");
        }
        if (parsed > MAX_INDEX) {
            throw new InvalidChunkIndexException("out of range (0.." + MAX_INDEX + ")");
        }
        return (int) parsed;
    }

    private static String printable(String value) {
        String shortened = value.length() > 32 ? value.substring(0, 32) + "..." : value;
        return shortened.replaceAll("\\p{Cntrl}", "?");
    }
}
