package io.indexedcp.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority and server certificates made at test time with the running JDK's
 * {@code keytool}, the way the README's TLS section tells an operator to: nothing checked in that
 * could expire, and the same commands proven to work. Each {@code keytool} run is bounded.
 */
public final class TestCertificates {

    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private final Path dir;
    private final String name;
    private final String password;

    private TestCertificates(Path dir, String name, String password) {
        this.dir = dir;
        this.name = name;
        this.password = password;
    }

    /** A new CA in {@code dir}: its key store {@code <name>.p12} and its certificate {@code <name>.pem}. */
    public static TestCertificates newCa(Path dir, String name) throws IOException, InterruptedException {
        TestCertificates ca = new TestCertificates(dir, name, "ca-" + name + "-password");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-ext", "bc:c", "-validity", "30",
                "-keystore", ca.keyStore().toString(), "-storetype", "PKCS12", "-storepass", ca.password);
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", ca.keyStore().toString(),
                "-storepass", ca.password, "-file", ca.certificate().toString());
        return ca;
    }

    /** The CA's certificate, PEM: what a client is given ({@code --cacert}). */
    public Path certificate() {
        return dir.resolve(name + ".pem");
    }

    private Path keyStore() {
        return dir.resolve(name + ".p12");
    }

    /**
     * A PKCS12 key store {@code <alias>.p12} (password {@code password}) with a server key pair under
     * {@code alias} whose certificate this CA signed, for {@code IP:127.0.0.1} and {@code DNS:localhost},
     * the chain (server, CA) in it.
     */
    public Path serverKeyStore(String alias, String password) throws IOException, InterruptedException {
        return serverKeyStore(alias, password, "ip:127.0.0.1,dns:localhost");
    }

    /** As {@link #serverKeyStore(String, String)}, for the names in {@code san} (keytool's {@code -ext san=} syntax). */
    public Path serverKeyStore(String alias, String password, String san) throws IOException, InterruptedException {
        Path store = dir.resolve(alias + ".p12");
        Path request = dir.resolve(alias + ".csr");
        Path signed = dir.resolve(alias + ".pem");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "30", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", password);
        keytool("-certreq", "-alias", alias, "-keystore", store.toString(), "-storepass", password,
                "-file", request.toString());
        keytool("-gencert", "-alias", name, "-keystore", keyStore().toString(), "-storepass", this.password,
                "-infile", request.toString(), "-outfile", signed.toString(), "-rfc", "-validity", "30",
                "-ext", "san=" + san, "-ext", "eku=serverAuth");
        keytool("-importcert", "-noprompt", "-alias", name, "-file", certificate().toString(),
                "-keystore", store.toString(), "-storepass", password);
        keytool("-importcert", "-alias", alias, "-file", signed.toString(), "-keystore", store.toString(),
                "-storepass", password);
        return store;
    }

    /** A PKCS12 trust store {@code <file name>} holding only this CA's certificate. */
    public Path trustStore(String fileName, String password) throws IOException, InterruptedException {
        Path store = dir.resolve(fileName);
        keytool("-importcert", "-noprompt", "-alias", name, "-file", certificate().toString(),
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", password);
        return store;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile("keytool", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed (" + process.exitValue() + "): " + command + "\n"
                        + Files.readString(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
