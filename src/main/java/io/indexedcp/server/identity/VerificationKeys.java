package io.indexedcp.server.identity;

import jakarta.json.Json;
import jakarta.json.JsonException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The issuer's public keys, from the text MicroProfile JWT allows for {@code mp.jwt.verify.publickey}
 * and the document at {@code mp.jwt.verify.publickey.location}: a PEM public key (or certificate),
 * a JWK or JWK Set in JSON, or either of those base64-encoded without PEM armour. The location is
 * a file path, a {@code file:} URL or an {@code http(s):} URL (an identity provider's
 * {@code jwks_uri}).
 */
final class VerificationKeys {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private VerificationKeys() {
    }

    /** The keys at {@code location}. */
    static List<VerificationKey> at(String location) throws IOException, GeneralSecurityException {
        return parse(read(location));
    }

    /** The keys {@code text} holds. */
    static List<VerificationKey> parse(String text) throws GeneralSecurityException {
        String stripped = text.strip();
        if (stripped.startsWith("{")) {
            return fromJson(stripped);
        }
        Matcher pem = PEM.matcher(stripped);
        if (pem.find()) {
            byte[] der = base64(pem.group(2));
            return switch (pem.group(1)) {
                case "PUBLIC KEY" -> List.of(new VerificationKey(null, null, fromDer(der)));
                case "CERTIFICATE" -> List.of(new VerificationKey(null, null, CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der)).getPublicKey()));
                default -> throw new GeneralSecurityException("a PEM '" + pem.group(1) + "' is not a public key:"
                        + " expected -----BEGIN PUBLIC KEY-----");
            };
        }
        byte[] decoded = base64(stripped);
        if (decoded.length > 0 && decoded[0] == '{') {
            return fromJson(new String(decoded, StandardCharsets.UTF_8));
        }
        return List.of(new VerificationKey(null, null, fromDer(decoded)));
    }

    private static List<VerificationKey> fromJson(String json) throws GeneralSecurityException {
        try (var reader = Json.createReader(new StringReader(json))) {
            return JsonWebKeys.parse(reader.readObject());
        } catch (JsonException | ClassCastException | IllegalStateException e) {
            throw new GeneralSecurityException("not a JWK or JWK Set: " + e.getMessage());
        }
    }

    /** An X.509 SubjectPublicKeyInfo, RSA or EC. */
    private static PublicKey fromDer(byte[] der) throws GeneralSecurityException {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("RSA").generatePublic(spec);
        } catch (GeneralSecurityException notRsa) {
            try {
                return KeyFactory.getInstance("EC").generatePublic(spec);
            } catch (GeneralSecurityException notEc) {
                throw new GeneralSecurityException("not an RSA or EC public key");
            }
        }
    }

    /** Standard or URL-safe base64, line breaks allowed: both occur for keys pasted into configuration. */
    private static byte[] base64(String text) throws GeneralSecurityException {
        String compact = text.replaceAll("\\s", "");
        try {
            return compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(compact)
                    : Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("neither PEM, JSON nor base64");
        }
    }

    private static String read(String location) throws IOException {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return fetch(URI.create(location));
        }
        Path path = lower.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    private static String fetch(URI uri) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Accept", "application/json, application/jwk-set+json, */*").GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + uri + " answered " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        }
    }
}
