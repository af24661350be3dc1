package io.indexedcp.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * {@code GET /me}: who the server takes the caller to be, from its key or token, and its role
 * ({@code uploader}, {@code admin} or {@code reader}).
 */
@JsonbPropertyOrder({"principal", "role"})
public record CallerInfo(String principal, String role) {
}
