package io.indexedcp.server.identity;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;

/**
 * An identity provider made at test time for {@link IdentityIT}: an RSA key pair, its public key
 * as the PEM file {@code mp.jwt.verify.publickey.location} names, and tokens signed with it (or,
 * to be refused, with another key, for another issuer, stale, or unsigned).
 */
final class TestIdentityProvider {

    private final KeyPair keys = TestTokens.rsa();
    private final String issuer;

    TestIdentityProvider(String issuer) {
        this.issuer = issuer;
    }

    Path writePublicKey(Path file) throws IOException {
        return Files.writeString(file, TestTokens.pem(keys.getPublic()));
    }

    /** A token for {@code user} in {@code groups}, valid for an hour. */
    String token(String user, String... groups) {
        return TestTokens.sign(rs256(), claims(issuer, user, Instant.now().plusSeconds(3600), groups), keys.getPrivate());
    }

    String expired(String user, String... groups) {
        return TestTokens.sign(rs256(), claims(issuer, user, Instant.now().minusSeconds(600), groups), keys.getPrivate());
    }

    String fromIssuer(String otherIssuer, String user, String... groups) {
        return TestTokens.sign(rs256(), claims(otherIssuer, user, Instant.now().plusSeconds(3600), groups),
                keys.getPrivate());
    }

    String signedByAnotherKey(String user, String... groups) {
        return TestTokens.sign(rs256(), claims(issuer, user, Instant.now().plusSeconds(3600), groups),
                TestTokens.rsa().getPrivate());
    }

    /** The classic forgery: {@code alg: none} and an empty signature. */
    String unsigned(String user, String... groups) {
        return TestTokens.unsigned(TestTokens.header("none", null).build(),
                claims(issuer, user, Instant.now().plusSeconds(3600), groups)) + ".";
    }

    private static JsonObject rs256() {
        return TestTokens.header("RS256", null).build();
    }

    private static JsonObject claims(String issuer, String user, Instant expires, String... groups) {
        JsonArrayBuilder groupList = Json.createArrayBuilder();
        for (String group : groups) {
            groupList.add(group);
        }
        return Json.createObjectBuilder()
                .add("iss", issuer).add("sub", user).add("upn", user).add("groups", groupList)
                .add("iat", Instant.now().minusSeconds(5).getEpochSecond()).add("exp", expires.getEpochSecond())
                .build();
    }
}
