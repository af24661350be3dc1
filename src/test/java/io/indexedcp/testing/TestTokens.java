package io.indexedcp.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An identity provider made at test time: an RSA key pair, its public key as the PEM file the
 * server's {@code mp.jwt.verify.publickey.location} names, and RS256 tokens signed with it (or,
 * to be refused, with something else).
 */
public final class TestTokens {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys;
    private final String issuer;

    public TestTokens(String issuer) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.keys = generator.generateKeyPair();
        this.issuer = issuer;
    }

    public String issuer() {
        return issuer;
    }

    /** Writes the public key as PEM; returns the file. */
    public Path writePublicKey(Path file) throws java.io.IOException {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        return Files.writeString(file, pem);
    }

    /** A valid token for {@code user} in {@code groups}, for an hour. */
    public String token(String user, String... groups) throws GeneralSecurityException {
        return signed(header("RS256"), claims(issuer, user, Instant.now().plusSeconds(3600), groups), keys);
    }

    /** A token that ran out ten minutes ago. */
    public String expired(String user, String... groups) throws GeneralSecurityException {
        return signed(header("RS256"), claims(issuer, user, Instant.now().minusSeconds(600), groups), keys);
    }

    /** A token from another issuer, signed with the right key. */
    public String fromIssuer(String otherIssuer, String user, String... groups) throws GeneralSecurityException {
        return signed(header("RS256"), claims(otherIssuer, user, Instant.now().plusSeconds(3600), groups), keys);
    }

    /** A token signed with a key the server does not know. */
    public String signedByAnotherKey(String user, String... groups) throws GeneralSecurityException {
        return signed(header("RS256"), claims(issuer, user, Instant.now().plusSeconds(3600), groups),
                new TestTokens(issuer).keys);
    }

    /** The classic forgery: {@code alg: none} and no signature. */
    public String unsigned(String user, String... groups) {
        return encode(header("none")) + "." + encode(claims(issuer, user, Instant.now().plusSeconds(3600), groups)) + ".";
    }

    private static String header(String alg) {
        return "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
    }

    private static String claims(String issuer, String user, Instant expires, String... groups) {
        String groupList = List.of(groups).stream().map(g -> "\"" + g + "\"").collect(Collectors.joining(","));
        return "{\"iss\":\"" + issuer + "\",\"sub\":\"" + user + "\",\"upn\":\"" + user + "\",\"groups\":[" + groupList
                + "],\"iat\":" + Instant.now().minusSeconds(5).getEpochSecond() + ",\"exp\":" + expires.getEpochSecond() + "}";
    }

    private static String signed(String header, String claims, KeyPair with) throws GeneralSecurityException {
        String input = encode(header) + "." + encode(claims);
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(with.getPrivate());
        rs256.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + URL.encodeToString(rs256.sign());
    }

    private static String encode(String json) {
        return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
