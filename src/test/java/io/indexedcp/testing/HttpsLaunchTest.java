package io.indexedcp.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's HTTPS settings: what an operator gets wrong is named before Payara starts. */
class HttpsLaunchTest {

    @TempDir
    static Path certs;

    private static Path keyStore;
    /** A file name beyond ASCII, which must survive Payara's reading of the properties file (PKCS12 passwords are ASCII). */
    private static Path nonAsciiKeyStore;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeKeyStore() throws Exception {
        TestCertificates ca = TestCertificates.newCa(certs, "launch-ca");
        keyStore = ca.serverKeyStore("server", "store-pass");
        nonAsciiKeyStore = ca.serverKeyStore("grüße", "store-pass-2");
    }

    private static Map<String, String> env(String... pairs) {
        java.util.HashMap<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void withoutAPortHttpsStaysOff() {
        assertTrue(HttpsLaunch.fromEnvironment(Map.of()).isEmpty());
    }

    @Test
    void tlsSettingsWithoutAPortAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HttpsLaunch.fromEnvironment(env("INDEXEDCP_KEYSTORE", keyStore.toString())));
        assertTrue(e.getMessage().contains("INDEXEDCP_HTTPS_PORT is not"), e.getMessage());
    }

    @Test
    void theOnlyKeyPairIsChosenAndTheTypeRead() {
        HttpsLaunch https = HttpsLaunch.fromEnvironment(env("INDEXEDCP_HTTPS_PORT", "8443",
                "INDEXEDCP_KEYSTORE", keyStore.toString(), "INDEXEDCP_KEYSTORE_PASSWORD", "store-pass")).orElseThrow();
        assertEquals("server", https.keyAlias());
        assertEquals("PKCS12", https.keyStoreType());
        assertEquals(HttpsLaunch.HttpMode.ON, https.http());
        assertTrue(!https.toString().contains("store-pass"));
    }

    @Test
    void badSettingsAreNamed() {
        assertMessage("is not a port", env("INDEXEDCP_HTTPS_PORT", "84x3"));
        assertMessage("INDEXEDCP_KEYSTORE is not", env("INDEXEDCP_HTTPS_PORT", "8443"));
        assertMessage("INDEXEDCP_KEYSTORE_PASSWORD is not", env("INDEXEDCP_HTTPS_PORT", "8443",
                "INDEXEDCP_KEYSTORE", keyStore.toString()));
        assertMessage("cannot be opened with INDEXEDCP_KEYSTORE_PASSWORD", env("INDEXEDCP_HTTPS_PORT", "8443",
                "INDEXEDCP_KEYSTORE", keyStore.toString(), "INDEXEDCP_KEYSTORE_PASSWORD", "wrong"));
        assertMessage("no such readable file", env("INDEXEDCP_HTTPS_PORT", "8443",
                "INDEXEDCP_KEYSTORE", "/nonexistent.p12", "INDEXEDCP_KEYSTORE_PASSWORD", "x"));
        assertMessage("INDEXEDCP_KEY_ALIAS=s1as is not a key pair", env("INDEXEDCP_HTTPS_PORT", "8443",
                "INDEXEDCP_KEYSTORE", keyStore.toString(), "INDEXEDCP_KEYSTORE_PASSWORD", "store-pass",
                "INDEXEDCP_KEY_ALIAS", "s1as"));
        assertMessage("expected on, off or redirect", env("INDEXEDCP_HTTPS_PORT", "8443",
                "INDEXEDCP_KEYSTORE", keyStore.toString(), "INDEXEDCP_KEYSTORE_PASSWORD", "store-pass",
                "INDEXEDCP_HTTP", "maybe"));
    }

    @Test
    void httpOffAddsItsLineToACopyOfThePreBootFileAndThePasswordGoesIntoAPrivateFile() throws Exception {
        Path preBoot = Files.writeString(dir.resolve("pre-boot.asadmin"), "set a=b\n");
        Path root = dir.resolve("root");
        HttpsLaunch https = HttpsLaunch.of(8443, nonAsciiKeyStore, "store-pass-2", null, HttpsLaunch.HttpMode.OFF);
        List<String> command = https.addTo(List.of("java", "-jar", "payara-micro.jar", "--rootdir", root.toString(),
                "--prebootcommandfile", preBoot.toString()));
        Path combined = root.resolve("indexedcp-pre-boot-commands.asadmin");
        assertEquals(List.of("java", "-jar", "payara-micro.jar", "--rootdir", root.toString(),
                "--prebootcommandfile", combined.toString(), "--sslport", "8443", "--sslcert", "grüße",
                "--systemproperties", root.resolve("indexedcp-https.properties").toString()), command);
        String commands = Files.readString(combined);
        assertTrue(commands.startsWith("set a=b\n"), commands);
        assertTrue(commands.contains("network-listener.http-listener.enabled=false"), commands);
        Path properties = root.resolve("indexedcp-https.properties");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(properties)));
        Properties read = new Properties();
        try (var reader = Files.newBufferedReader(properties)) {
            read.load(reader);
        }
        assertEquals("store-pass-2", read.getProperty("javax.net.ssl.keyStorePassword"));
        assertEquals(nonAsciiKeyStore.toString(), read.getProperty("javax.net.ssl.keyStore"));
        assertTrue(Files.readString(properties).chars().allMatch(c -> c < 0x7f));
        assertEquals("8443", read.getProperty("INDEXEDCP_HTTPS_PORT"));
        assertEquals("off", read.getProperty("INDEXEDCP_HTTP"));
    }

    private static void assertMessage(String part, Map<String, String> env) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HttpsLaunch.fromEnvironment(env));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
