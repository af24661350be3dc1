package io.indexedcp.server.boundary;

import io.indexedcp.protocol.CompletionRequest;
import jakarta.json.JsonException;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Reads the body of {@code POST /upload/complete} strictly, so that every malformed body is a 400
 * naming what is wrong instead of a binding failure (500): the body must be one flat JSON object in
 * UTF-8 without a byte order mark; {@code totalChunks} and {@code totalSize} must be whole numbers
 * that fit their types (1.5 is not taken as 1, 2^31 does not wrap); strings must be strings; a field
 * may appear once. Unknown fields are skipped, to a bounded depth, so a later client may add some.
 * Which values are acceptable (at least one chunk, a 64-digit digest, ...) is still the
 * completion service's call; this class only makes sure it gets the values the client wrote.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class CompletionRequestReader implements MessageBodyReader<CompletionRequest> {

    /** A completion is five short fields; anything much longer is not one. */
    static final int MAX_BYTES = 16 * 1024;
    /** How deep an unknown field's value may nest before the body is refused. */
    static final int MAX_DEPTH = 16;

    private static final String PREFIX = "Invalid completion request: ";
    private static final JsonProvider JSON = JsonProvider.provider();

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == CompletionRequest.class;
    }

    @Override
    public CompletionRequest readFrom(Class<CompletionRequest> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, String> httpHeaders, InputStream entityStream)
            throws IOException {
        String text = utf8(entityStream.readNBytes(MAX_BYTES + 1));
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            return parse(parser);
        } catch (JsonException | NoSuchElementException e) {
            throw invalid("malformed JSON (" + e.getMessage() + ")");
        }
    }

    private static String utf8(byte[] body) {
        if (body.length > MAX_BYTES) {
            throw invalid("the body is longer than " + MAX_BYTES + " bytes");
        }
        if (body.length == 0) {
            throw invalid("the body is empty; send a JSON object with filename, uploadId, totalChunks, totalSize, sha256");
        }
        if (body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF) {
            throw invalid("the body starts with a byte order mark; send plain UTF-8 JSON");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw invalid("the body is not UTF-8");
        }
    }

    private static CompletionRequest parse(JsonParser parser) {
        if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
            throw invalid("the body must be a JSON object");
        }
        String filename = null;
        String uploadId = null;
        Integer totalChunks = null;
        Long totalSize = null;
        String sha256 = null;
        Set<String> seen = new HashSet<>();
        for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_OBJECT; event = parser.next()) {
            String field = parser.getString(); // the parser only gives KEY_NAME here
            if (!seen.add(field)) {
                throw invalid("the field " + field + " appears twice");
            }
            JsonParser.Event value = parser.next();
            switch (field) {
                case "filename" -> filename = string(parser, value, field);
                case "uploadId" -> uploadId = string(parser, value, field);
                case "sha256" -> sha256 = string(parser, value, field);
                case "totalChunks" -> {
                    BigDecimal number = wholeNumber(parser, value, field);
                    totalChunks = number == null ? null : exact(number, Integer.MAX_VALUE, field).intValue();
                }
                case "totalSize" -> {
                    BigDecimal number = wholeNumber(parser, value, field);
                    totalSize = number == null ? null : exact(number, Long.MAX_VALUE, field).longValue();
                }
                default -> skip(parser, value, field);
            }
        }
        if (parser.hasNext()) {
            throw invalid("something follows the JSON object");
        }
        return new CompletionRequest(filename, uploadId, totalChunks, totalSize, sha256);
    }

    private static String string(JsonParser parser, JsonParser.Event value, String field) {
        return switch (value) {
            case VALUE_STRING -> parser.getString();
            case VALUE_NULL -> null;
            default -> throw invalid(field + " must be a string");
        };
    }

    /** The number as written, or null for {@code null}; fractions and exponents are refused, not rounded. */
    private static BigDecimal wholeNumber(JsonParser parser, JsonParser.Event value, String field) {
        if (value == JsonParser.Event.VALUE_NULL) {
            return null;
        }
        if (value != JsonParser.Event.VALUE_NUMBER || !parser.isIntegralNumber()) {
            throw invalid(field + " must be a whole number");
        }
        return parser.getBigDecimal();
    }

    /** Refuses what does not fit the field's type instead of letting it wrap round or lose digits. */
    private static BigDecimal exact(BigDecimal number, long max, String field) {
        if (number.compareTo(BigDecimal.valueOf(max)) > 0 || number.compareTo(BigDecimal.valueOf(-max - 1)) < 0) {
            throw invalid(field + " must be between " + (-max - 1) + " and " + max);
        }
        return number;
    }

    /** Skips the value of a field this server does not know, refusing deep nesting without recursion. */
    private static void skip(JsonParser parser, JsonParser.Event value, String field) {
        int depth = 0;
        JsonParser.Event event = value;
        while (true) {
            if (event == JsonParser.Event.START_OBJECT || event == JsonParser.Event.START_ARRAY) {
                if (++depth > MAX_DEPTH) {
                    throw invalid("the value of " + field + " nests deeper than " + MAX_DEPTH + " levels");
                }
            } else if (event == JsonParser.Event.END_OBJECT || event == JsonParser.Event.END_ARRAY) {
                depth--;
            }
            if (depth == 0) {
                return;
            }
            event = parser.next();
        }
    }

    private static WebApplicationException invalid(String reason) {
        return new WebApplicationException(ErrorResponses.of(400, PREFIX + reason));
    }
}
