package io.indexedcp.protocol;

/** Every error answer of the server: {@code {"error": "..."}}. */
public record ErrorBody(String error) {
}
