package io.indexedcp.client.cli;

import io.indexedcp.client.IndexedCpClient;
import io.indexedcp.client.TrustedCertificates;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which certificates an {@code https://} server may present: for every command that talks to one.
 * An internal CA is passed as a PEM file ({@code --cacert}, as with curl) or a trust store; without
 * either, the JDK's default trust store decides. There is deliberately no option to skip the check.
 */
final class TlsOptions {

    static final String TRUSTSTORE_PASSWORD_ENV = "INDEXEDCP_TRUSTSTORE_PASSWORD";

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "Trust the CA certificate(s) in this PEM file for an https:// server (instead of the JDK's "
                    + "default CAs), like curl --cacert.")
    Path caCert;

    @Option(names = "--truststore", paramLabel = "FILE",
            description = "Trust the certificates in this PKCS12 or JKS trust store for an https:// server (with "
                    + "--truststore-password or " + TRUSTSTORE_PASSWORD_ENV + ").")
    Path trustStore;

    @Option(names = "--truststore-password", paramLabel = "PASSWORD",
            description = "The password of --truststore (else " + TRUSTSTORE_PASSWORD_ENV + ").")
    String trustStorePassword;

    /**
     * Builds the trust from the files, if any were given; a file that cannot serve fails here with
     * an {@link IllegalArgumentException} naming it (a usage error: the command line is at fault).
     */
    void applyTo(IndexedCpClient.Builder builder, Map<String, String> environment) {
        if (caCert == null && trustStore == null) {
            if (trustStorePassword != null) {
                throw new IllegalArgumentException("--truststore-password without --truststore");
            }
            return;
        }
        TrustedCertificates trusted = TrustedCertificates.none();
        if (trustStore != null) {
            String password = trustStorePassword != null ? trustStorePassword : environment.get(TRUSTSTORE_PASSWORD_ENV);
            if (password == null) {
                throw new IllegalArgumentException("--truststore " + trustStore + " needs its password: give "
                        + "--truststore-password or set " + TRUSTSTORE_PASSWORD_ENV);
            }
            trusted.addTrustStore(trustStore, password.toCharArray());
        }
        if (caCert != null) {
            trusted.addPem(caCert);
        }
        builder.sslContext(trusted.sslContext());
    }
}
