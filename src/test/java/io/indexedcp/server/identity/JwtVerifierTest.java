package io.indexedcp.server.identity;

import static io.indexedcp.server.identity.TestTokens.header;
import static io.indexedcp.server.identity.TestTokens.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtVerifierTest {

    private static final String ISSUER = "https://idp.example.org/realms/corp";
    private static final KeyPair RSA = TestTokens.rsa();
    private static final KeyPair OTHER_RSA = TestTokens.rsa();
    private static final KeyPair EC = TestTokens.ec();

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T12:00:00Z"));

    // --- what is accepted

    @Test
    void anRs256TokenNamesItsCallerAndRole() {
        JwtVerifier verifier = verifier(inline(TestTokens.pem(RSA.getPublic())));

        assertTrue(verifier.configured());
        assertEquals(Optional.of(new Caller("alice", Role.UPLOADER)),
                verifier.verify(sign(header("RS256", null).build(), claims().build(), RSA.getPrivate())));
    }

    @Test
    void anEs256TokenIsAcceptedWithItsRawSignature() {
        JwtVerifier verifier = verifier(inline(TestTokens.pem(EC.getPublic())));

        assertEquals(Optional.of(new Caller("alice", Role.UPLOADER)),
                verifier.verify(sign(header("ES256", null).build(), claims().build(), EC.getPrivate())));
    }

    @Test
    void theNameIsUpnElsePreferredUsernameElseSub() {
        JwtVerifier verifier = verifier(inline(TestTokens.pem(RSA.getPublic())));
        JsonObjectBuilder all = claims().add("upn", "u@example.org").add("preferred_username", "pref").add("sub", "s-1");
        JsonObjectBuilder noUpn = claims().remove("upn").add("preferred_username", "pref").add("sub", "s-1");
        JsonObjectBuilder subOnly = claims().remove("upn").add("sub", "f81d4fae-7dec-11d0-a765");

        assertEquals("u@example.org", name(verifier, all));
        assertEquals("pref", name(verifier, noUpn));
        assertEquals("f81d4fae-7dec-11d0-a765", name(verifier, subOnly));
    }

    @Test
    void theStrongestGroupGivesTheRole() {
        JwtVerifier verifier = verifier(inline(TestTokens.pem(RSA.getPublic())));

        assertEquals(Optional.of(Role.ADMIN), role(verifier, "staff", "uploader", "admin"));
        assertEquals(Optional.of(Role.UPLOADER), role(verifier, "reader", "uploader"));
        assertEquals(Optional.of(Role.READER), role(verifier, "reader"));
        assertEquals(Optional.empty(), role(verifier, "staff", "users"));
        assertEquals(Optional.empty(), role(verifier));
        assertEquals(Optional.empty(), verifier.verify(sign(header("RS256", null).build(),
                claims().remove("groups").build(), RSA.getPrivate())), "no groups at all");
    }

    @Test
    void theClockSkewIsAllowedEitherWay() {
        JwtVerifier verifier = verifier(inline(TestTokens.pem(RSA.getPublic())));
        long now = clock.instant().getEpochSecond();

        assertTrue(accepted(verifier, claims().add("exp", now - 59)));
        assertTrue(accepted(verifier, claims().add("nbf", now + 59).add("iat", now + 59)));
        assertFalse(accepted(verifier, claims().add("exp", now - 61)), "expired");
        assertFalse(accepted(verifier, claims().add("exp", now - 60)), "expired");
        assertFalse(accepted(verifier, claims().add("nbf", now + 61)), "not yet valid");
        assertFalse(accepted(verifier, claims().add("iat", now + 61)), "issued in the future");
        assertFalse(accepted(verifier, claims().remove("exp")), "no expiry");
        assertFalse(accepted(verifier, claims().add("exp", "tomorrow")), "not a number");
        assertFalse(accepted(verifier, claims().add("exp", new java.math.BigDecimal("1e400"))
                .add("nbf", new java.math.BigDecimal("1e400"))), "absurd dates do not wrap");
    }

    @Test
    void audiencesAreCheckedOnlyWhenConfigured() {
        JwtSettings settings = new JwtSettings(ISSUER, TestTokens.pem(RSA.getPublic()), null, Duration.ofSeconds(60),
                Set.of("indexedcp", "other"));
        JwtVerifier verifier = new JwtVerifier(settings, clock);

        assertTrue(accepted(verifier, claims().add("aud", "indexedcp")));
        assertTrue(accepted(verifier, claims().add("aud", Json.createArrayBuilder().add("x").add("indexedcp"))));
        assertFalse(accepted(verifier, claims().add("aud", "elsewhere")));
        assertFalse(accepted(verifier, claims()), "no aud");
        assertTrue(accepted(verifier(inline(TestTokens.pem(RSA.getPublic()))), claims().add("aud", "elsewhere")));
    }

    // --- what is refused

    @Test
    void theWrongIssuerIsRefused() {
        JwtVerifier verifier = verifier(inline(TestTokens.pem(RSA.getPublic())));

        assertFalse(accepted(verifier, claims().add("iss", "https://evil.example.org/realms/corp")));
        assertFalse(accepted(verifier, claims().add("iss", ISSUER + "/")));
        assertFalse(accepted(verifier, claims().remove("iss")));
    }

    @Test
    void aSignatureByAnotherKeyOrOverOtherClaimsIsRefused() {
        JwtVerifier verifier = verifier(inline(TestTokens.pem(RSA.getPublic())));
        String good = sign(header("RS256", null).build(), claims().build(), RSA.getPrivate());
        String[] parts = good.split("\\.");
        String admin = TestTokens.part(claims().add("groups", Json.createArrayBuilder().add("admin")).build()
                .toString().getBytes(StandardCharsets.UTF_8));

        assertEquals(Optional.empty(),
                verifier.verify(sign(header("RS256", null).build(), claims().build(), OTHER_RSA.getPrivate())));
        assertEquals(Optional.empty(), verifier.verify(parts[0] + "." + admin + "." + parts[2]), "claims changed");
        assertEquals(Optional.empty(), verifier.verify(parts[0] + "." + parts[1] + "."), "signature dropped");
    }

    @Test
    void algNoneIsRefused() {
        JwtVerifier verifier = verifier(inline(TestTokens.pem(RSA.getPublic())));

        for (String none : new String[] {"none", "None", "NONE"}) {
            assertEquals(Optional.empty(),
                    verifier.verify(TestTokens.unsigned(header(none, null).build(), claims().build()) + "."), none);
        }
        assertEquals(Optional.empty(), verifier.verify(TestTokens.unsigned(
                Json.createObjectBuilder().add("typ", "JWT").build(), claims().build()) + "."), "no alg");
    }

    @Test
    void hs256WithThePublicKeyAsSecretIsRefused() throws Exception {
        String pem = TestTokens.pem(RSA.getPublic());
        JwtVerifier verifier = verifier(inline(pem));
        String input = TestTokens.unsigned(header("HS256", null).build(), claims().build());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(pem.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        String forged = input + "." + TestTokens.part(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));

        assertEquals(Optional.empty(), verifier.verify(forged));
    }

    @Test
    void theAlgorithmMustFitTheKey() {
        JwtVerifier rsaOnly = verifier(inline(TestTokens.pem(RSA.getPublic())));
        JwtVerifier ecOnly = verifier(inline(TestTokens.pem(EC.getPublic())));

        assertEquals(Optional.empty(), ecOnly.verify(sign(header("RS256", null).build(), claims().build(), RSA.getPrivate())));
        assertEquals(Optional.empty(), rsaOnly.verify(sign(header("ES256", null).build(), claims().build(), EC.getPrivate())));
        // The right signature under the wrong name: an ES256 signature labelled RS256 and the reverse.
        String es = sign(header("ES256", null).build(), claims().build(), EC.getPrivate());
        String relabelled = TestTokens.part(header("RS256", null).build().toString().getBytes(StandardCharsets.UTF_8))
                + es.substring(es.indexOf('.'));
        assertEquals(Optional.empty(), ecOnly.verify(relabelled));
    }

    @Test
    void unsafeOrReservedNamesAreRefused() {
        JwtVerifier verifier = verifier(inline(TestTokens.pem(RSA.getPublic())));

        for (String name : new String[] {"default", "../etc", ".hidden", "a/b", "a b", "", "x".repeat(65), "é"}) {
            assertFalse(accepted(verifier, claims().add("upn", name)), name);
        }
        assertFalse(accepted(verifier, claims().add("upn", "../x").add("sub", "fine")), "upn wins, and is unsafe");
        assertFalse(accepted(verifier, claims().add("upn", 42)), "not a string");
        assertFalse(accepted(verifier, claims().remove("upn")), "no name at all");
    }

    @Test
    void malformedTokensAreRefused() {
        JwtVerifier verifier = verifier(inline(TestTokens.pem(RSA.getPublic())));
        String good = sign(header("RS256", null).build(), claims().build(), RSA.getPrivate());

        for (String bad : new String[] {null, "", "a.b", good + ".x", "!!!.???.###", good + "=",
            TestTokens.part("[1]".getBytes(StandardCharsets.UTF_8)) + good.substring(good.indexOf('.'))}) {
            assertEquals(Optional.empty(), verifier.verify(bad), String.valueOf(bad));
        }
        assertEquals(Optional.empty(), verifier.verify(sign(header("RS256", null).add("crit",
                Json.createArrayBuilder().add("exp")).build(), claims().build(), RSA.getPrivate())), "crit");
    }

    @Test
    void withoutIssuerAndKeyNothingIsAccepted() {
        JwtVerifier noKey = new JwtVerifier(new JwtSettings(ISSUER, null, null, Duration.ZERO, Set.of()), clock);
        JwtVerifier noIssuer = new JwtVerifier(
                new JwtSettings(null, TestTokens.pem(RSA.getPublic()), null, Duration.ZERO, Set.of()), clock);
        String token = sign(header("RS256", null).build(), claims().build(), RSA.getPrivate());

        assertFalse(noKey.configured());
        assertFalse(noIssuer.configured());
        assertEquals(Optional.empty(), noKey.verify(token));
        assertEquals(Optional.empty(), noIssuer.verify(token));
    }

    @Test
    void theReasonIsLoggedAtFineButNeverTheToken() {
        Logger logger = Logger.getLogger(JwtVerifier.class.getName());
        List<String> messages = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                messages.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level level = logger.getLevel();
        logger.setLevel(Level.FINE);
        logger.addHandler(capture);
        try {
            String token = sign(header("RS256", null).build(), claims().add("iss", "elsewhere").build(), RSA.getPrivate());
            verifier(inline(TestTokens.pem(RSA.getPublic()))).verify(token);

            assertEquals(1, messages.size(), messages.toString());
            assertTrue(messages.get(0).contains("iss"), messages.get(0));
            for (String part : token.split("\\.")) {
                assertFalse(messages.get(0).contains(part));
            }
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(level);
        }
    }

    // --- where the keys come from

    @Test
    void aJwkSetPicksTheKeyByKid() {
        String jwks = Json.createObjectBuilder().add("keys", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("kty", "RSA").add("use", "enc").add("kid", "enc-1")
                        .add("n", "AQAB").add("e", "AQAB"))
                .add(TestTokens.jwk(RSA.getPublic(), "r1"))
                .add(TestTokens.jwk(OTHER_RSA.getPublic(), "r2"))
                .add(TestTokens.jwk(EC.getPublic(), "e1"))).build().toString();
        JwtVerifier verifier = verifier(inline(jwks));

        assertEquals(Optional.of(new Caller("alice", Role.UPLOADER)),
                verifier.verify(sign(header("RS256", "r1").build(), claims().build(), RSA.getPrivate())));
        assertTrue(verifier.verify(sign(header("RS256", "r2").build(), claims().build(), OTHER_RSA.getPrivate())).isPresent());
        assertTrue(verifier.verify(sign(header("ES256", "e1").build(), claims().build(), EC.getPrivate())).isPresent());
        assertTrue(verifier.verify(sign(header("RS256", null).build(), claims().build(), RSA.getPrivate())).isPresent(),
                "without a kid every key of the algorithm is tried");
        assertEquals(Optional.empty(),
                verifier.verify(sign(header("RS256", "r2").build(), claims().build(), RSA.getPrivate())), "r1's under r2");
        assertEquals(Optional.empty(),
                verifier.verify(sign(header("RS256", "r9").build(), claims().build(), RSA.getPrivate())), "unknown kid");
    }

    @Test
    void aSingleJwkAndBase64KeysAreKeysToo() {
        JsonObject jwk = TestTokens.jwk(EC.getPublic(), "e1");
        String base64Der = java.util.Base64.getEncoder().encodeToString(RSA.getPublic().getEncoded());

        assertTrue(verifier(inline(jwk.toString()))
                .verify(sign(header("ES256", "e1").build(), claims().build(), EC.getPrivate())).isPresent());
        assertTrue(verifier(inline(base64Der))
                .verify(sign(header("RS256", null).build(), claims().build(), RSA.getPrivate())).isPresent());
    }

    @Test
    void aPemFileAtAPathOrFileUrl() throws IOException {
        Path pem = Files.writeString(dir.resolve("idp.pem"), TestTokens.pem(RSA.getPublic()));
        String token = sign(header("RS256", "anything").build(), claims().build(), RSA.getPrivate());

        assertTrue(verifier(location(pem.toString())).verify(token).isPresent());
        assertTrue(verifier(location(pem.toUri().toString())).verify(token).isPresent());
        assertEquals(Optional.empty(), verifier(location(dir.resolve("absent.pem").toString())).verify(token));
    }

    @Test
    void aJwksUrlIsFetchedOnceAndAgainForANewKidAtMostEvery30Seconds() throws IOException {
        AtomicReference<String> published = new AtomicReference<>(jwks(TestTokens.jwk(RSA.getPublic(), "r1")));
        AtomicInteger fetches = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/certs", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            JwtVerifier verifier = verifier(location("http://127.0.0.1:" + server.getAddress().getPort() + "/certs"));
            assertEquals(0, fetches.get(), "nothing fetched before the first token");

            String byR1 = sign(header("RS256", "r1").build(), claims().build(), RSA.getPrivate());
            assertTrue(verifier.verify(byR1).isPresent());
            assertTrue(verifier.verify(byR1).isPresent());
            assertEquals(1, fetches.get());

            // The provider rotates to r2: the first r2 token comes too soon after the fetch, a later one reloads.
            published.set(jwks(TestTokens.jwk(OTHER_RSA.getPublic(), "r2")));
            String byR2 = sign(header("RS256", "r2").build(), claims().build(), OTHER_RSA.getPrivate());
            assertEquals(Optional.empty(), verifier.verify(byR2));
            assertEquals(1, fetches.get());
            clock.advance(Duration.ofSeconds(30));
            assertTrue(verifier.verify(sign(header("RS256", "r2").build(), claims().build(), OTHER_RSA.getPrivate()))
                    .isPresent());
            assertEquals(2, fetches.get());
        } finally {
            server.stop(0);
        }
    }

    // --- helpers

    private static String jwks(JsonObject... keys) {
        var array = Json.createArrayBuilder();
        for (JsonObject key : keys) {
            array.add(key);
        }
        return Json.createObjectBuilder().add("keys", array).build().toString();
    }

    private static JwtSettings inline(String key) {
        return new JwtSettings(ISSUER, key, null, Duration.ofSeconds(60), Set.of());
    }

    private static JwtSettings location(String location) {
        return new JwtSettings(ISSUER, null, location, Duration.ofSeconds(60), Set.of());
    }

    private JwtVerifier verifier(JwtSettings settings) {
        return new JwtVerifier(settings, clock);
    }

    /** Claims of a valid token for alice, uploader; tests add or replace members (add replaces). */
    private JsonObjectBuilder claims() {
        long now = clock.instant().getEpochSecond();
        return Json.createObjectBuilder()
                .add("iss", ISSUER)
                .add("upn", "alice")
                .add("groups", Json.createArrayBuilder().add("uploader"))
                .add("iat", now - 10)
                .add("exp", now + 300);
    }

    private boolean accepted(JwtVerifier verifier, JsonObjectBuilder claims) {
        return verifier.verify(sign(header("RS256", null).build(), claims.build(), RSA.getPrivate())).isPresent();
    }

    private String name(JwtVerifier verifier, JsonObjectBuilder claims) {
        return verifier.verify(sign(header("RS256", null).build(), claims.build(), RSA.getPrivate()))
                .map(Caller::name).orElse(null);
    }

    private Optional<Role> role(JwtVerifier verifier, String... groups) {
        var array = Json.createArrayBuilder();
        for (String group : groups) {
            array.add(group);
        }
        return verifier.verify(sign(header("RS256", null).build(), claims().add("groups", array).build(),
                RSA.getPrivate())).map(Caller::role);
    }
}
