package io.indexedcp.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The operator's HTTPS settings, from the environment, turned into Payara Micro arguments: the
 * development server ({@code mvn package exec:java}, through {@link ForegroundServer}) and the tests'
 * {@link PayaraMicroProcess} both start HTTPS through this, so the tests run what operators run.
 *
 * <p>Payara Micro serves HTTPS on its {@code https-listener} with the key store named by the system
 * property {@code javax.net.ssl.keyStore} (it copies the file into its root directory's
 * {@code config/keystore.p12} and opens it with {@code javax.net.ssl.keyStorePassword}), presenting the
 * key pair {@code --sslcert ALIAS}. Those properties go into a file of their own in the root directory,
 * readable by the owner only, passed with a second {@code --systemproperties}: a password on the
 * command line would show in {@code ps}. Plain HTTP is kept, turned off (a pre-boot command disables
 * its listener) or redirected by the application ({@code INDEXEDCP_HTTP}).
 *
 * <p>Everything is checked before Payara starts (the key store opens with the password, the alias is a
 * key pair in it): Payara itself only logs a warning and serves nothing usable.
 */
public record HttpsLaunch(int port, Path keyStore, String keyStorePassword, String keyStoreType, String keyAlias,
        HttpMode http) {

    public static final String HTTPS_PORT = "INDEXEDCP_HTTPS_PORT";
    public static final String KEYSTORE = "INDEXEDCP_KEYSTORE";
    public static final String KEYSTORE_PASSWORD = "INDEXEDCP_KEYSTORE_PASSWORD";
    public static final String KEY_ALIAS = "INDEXEDCP_KEY_ALIAS";
    public static final String HTTP = "INDEXEDCP_HTTP";

    private static final String PROPERTIES_FILE = "indexedcp-https.properties";
    private static final String PRE_BOOT_FILE = "indexedcp-pre-boot-commands.asadmin";

    /** What becomes of plain HTTP when HTTPS is on. */
    public enum HttpMode {
        /** Served as before, beside HTTPS. */
        ON,
        /** Its listener is disabled: the port is not even open. */
        OFF,
        /** Every request answered 308 to the same path on the HTTPS port (the application does it). */
        REDIRECT
    }

    /**
     * The settings, if {@code INDEXEDCP_HTTPS_PORT} is set; empty without it (plain HTTP, as always).
     *
     * @throws IllegalArgumentException naming the setting at fault: a missing or unopenable key store,
     *         a wrong password, an alias that is not a key pair in it, a bad port or HTTP mode, or TLS
     *         settings without the port
     */
    public static Optional<HttpsLaunch> fromEnvironment(Map<String, String> env) {
        String portText = setting(env, HTTPS_PORT);
        if (portText == null) {
            for (String name : List.of(KEYSTORE, KEYSTORE_PASSWORD, KEY_ALIAS, HTTP)) {
                if (setting(env, name) != null) {
                    throw new IllegalArgumentException(name + " is set but " + HTTPS_PORT
                            + " is not: set it to turn HTTPS on (e.g. 8443)");
                }
            }
            return Optional.empty();
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(HTTPS_PORT + "=" + portText + " is not a port (1-65535)");
        }
        String store = setting(env, KEYSTORE);
        if (store == null) {
            throw new IllegalArgumentException(HTTPS_PORT + " is set but " + KEYSTORE
                    + " is not: name the PKCS12 (or JKS) key store holding the server's key and certificate");
        }
        String password = env.get(KEYSTORE_PASSWORD);
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException(KEYSTORE + " is set but " + KEYSTORE_PASSWORD + " is not");
        }
        return Optional.of(of(port, Path.of(store).toAbsolutePath(), password, setting(env, KEY_ALIAS),
                httpMode(setting(env, HTTP))));
    }

    /**
     * Checks the key store and picks the alias: the one given, else the store's only key pair.
     *
     * @throws IllegalArgumentException as {@link #fromEnvironment}
     */
    public static HttpsLaunch of(int port, Path keyStore, String password, String alias, HttpMode http) {
        if (!Files.isRegularFile(keyStore) || !Files.isReadable(keyStore)) {
            throw new IllegalArgumentException(KEYSTORE + "=" + keyStore + ": no such readable file");
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance(keyStore.toFile(), password.toCharArray());
        } catch (IOException e) {
            throw new IllegalArgumentException(KEYSTORE + "=" + keyStore + " cannot be opened with "
                    + KEYSTORE_PASSWORD + " (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(KEYSTORE + "=" + keyStore + " is not a PKCS12 or JKS key store ("
                    + e.getMessage() + ")");
        }
        List<String> keyPairs = new ArrayList<>();
        try {
            for (String entry : Collections.list(store.aliases())) {
                if (store.isKeyEntry(entry)) {
                    keyPairs.add(entry);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(KEYSTORE + "=" + keyStore + " cannot be read (" + e.getMessage() + ")");
        }
        String chosen = alias;
        if (chosen == null) {
            if (keyPairs.size() != 1) {
                throw new IllegalArgumentException(KEYSTORE + "=" + keyStore + " holds " + keyPairs.size()
                        + " key pairs " + keyPairs + ": name the server's with " + KEY_ALIAS);
            }
            chosen = keyPairs.get(0);
        } else if (!keyPairs.contains(chosen)) {
            throw new IllegalArgumentException(KEY_ALIAS + "=" + chosen + " is not a key pair in " + keyStore
                    + " (its key pairs: " + keyPairs + ")");
        }
        try {
            store.getKey(chosen, password.toCharArray());
        } catch (GeneralSecurityException e) {
            // Payara opens the key with the store's password: a key with a password of its own cannot serve.
            throw new IllegalArgumentException("the key " + chosen + " in " + keyStore + " does not open with "
                    + KEYSTORE_PASSWORD + " (" + e.getMessage() + "); give it the store's password");
        }
        return new HttpsLaunch(port, keyStore, password, store.getType().toUpperCase(Locale.ROOT), chosen, http);
    }

    private static HttpMode httpMode(String value) {
        if (value == null) {
            return HttpMode.ON;
        }
        try {
            return HttpMode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(HTTP + "=" + value + ": expected on, off or redirect");
        }
    }

    private static String setting(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * The Payara Micro command with HTTPS added: {@code --sslport}, {@code --sslcert}, a
     * {@code --systemproperties} file with the key store settings (and, for the application, the
     * HTTPS port and HTTP mode), and, with HTTP off, a pre-boot command file that is the command's
     * own plus the line that disables the HTTP listener (Payara Micro reads only one such file).
     * The files are written into the command's {@code --rootdir}.
     */
    public List<String> addTo(List<String> command) throws IOException {
        Path rootDir = Path.of(valueOf(command, "--rootdir"));
        Files.createDirectories(rootDir);
        List<String> result = new ArrayList<>(command);
        Path properties = rootDir.resolve(PROPERTIES_FILE);
        writePrivately(properties, systemProperties());
        if (http == HttpMode.OFF) {
            int at = result.indexOf("--prebootcommandfile");
            if (at < 0) {
                throw new IllegalArgumentException("the command has no --prebootcommandfile");
            }
            Path combined = rootDir.resolve(PRE_BOOT_FILE);
            String base = Files.readString(Path.of(result.get(at + 1)), StandardCharsets.UTF_8);
            Files.writeString(combined, base + (base.endsWith("\n") ? "" : "\n")
                    + "# INDEXEDCP_HTTP=off: no plain HTTP listener at all\n"
                    + "set configs.config.server-config.network-config.network-listeners.network-listener"
                    + ".http-listener.enabled=false\n", StandardCharsets.UTF_8);
            result.set(at + 1, combined.toString());
        }
        result.addAll(List.of("--sslport", Integer.toString(port), "--sslcert", keyAlias,
                "--systemproperties", properties.toString()));
        return result;
    }

    /**
     * Removes what an earlier HTTPS start left in the command's {@code --rootdir}: Payara's copy of the
     * operator's key store ({@code config/keystore.p12}, which Payara would otherwise open with its default
     * password at the next start without HTTPS, and then fail to deploy anything) and this class's files.
     * Payara unpacks its own default key store again where none is. For every start, with HTTPS or without.
     */
    public static void forgetPrevious(List<String> command) throws IOException {
        int at = command.indexOf("--rootdir");
        if (at < 0 || at + 1 >= command.size()) {
            return;
        }
        Path rootDir = Path.of(command.get(at + 1));
        for (String stale : List.of("config/keystore.p12", PROPERTIES_FILE, PRE_BOOT_FILE)) {
            Files.deleteIfExists(rootDir.resolve(stale));
        }
    }

    private String systemProperties() throws IOException {
        Properties p = new Properties();
        p.setProperty("javax.net.ssl.keyStore", keyStore.toString());
        p.setProperty("javax.net.ssl.keyStorePassword", keyStorePassword);
        p.setProperty("javax.net.ssl.keyStoreType", keyStoreType);
        p.setProperty(HTTPS_PORT, Integer.toString(port));
        p.setProperty(HTTP, http.name().toLowerCase(Locale.ROOT));
        java.io.StringWriter text = new java.io.StringWriter();
        p.store(text, "Written at each start by HttpsLaunch from the INDEXEDCP_* HTTPS settings; holds a password");
        // Payara reads the file in the platform's charset: anything beyond ASCII goes as \\uXXXX, which every reading decodes.
        StringBuilder ascii = new StringBuilder();
        text.toString().chars().forEach(c -> ascii.append(c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return ascii.toString();
    }

    /** Created (or truncated) with owner-only permissions before the secret is written. */
    private static void writePrivately(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    private static String valueOf(List<String> command, String option) {
        int at = command.indexOf(option);
        if (at < 0 || at + 1 >= command.size()) {
            throw new IllegalArgumentException("the command has no " + option);
        }
        return command.get(at + 1);
    }

    @Override
    public String toString() {
        return "HttpsLaunch[port=" + port + ", keyStore=" + keyStore + ", type=" + keyStoreType + ", alias=" + keyAlias
                + ", http=" + http + "]"; // never the password
    }
}
