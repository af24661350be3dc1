package io.indexedcp.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates a client trusts for HTTPS when the server's certificate comes from an internal CA
 * that the JDK's default trust store does not hold: a PEM file of CA certificates (what {@code curl
 * --cacert} takes, and what an internal CA hands out) or a trust store (PKCS12 or JKS). Only ever
 * adds trust anchors: the JDK's own certificate path and host name checks stay as they are, so that
 * a client that is given the wrong CA fails instead of talking to whoever answers.
 *
 * <p>A file that cannot serve (missing, unreadable, no certificate in it, a wrong password) fails
 * here, at once, with the file's name in the message: not later as an unexplained handshake failure.
 */
public final class TrustedCertificates {

    private final KeyStore anchors;
    private int count;

    private TrustedCertificates() {
        try {
            anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("this JDK cannot make an empty key store: " + e, e);
        }
    }

    /** No certificates yet: add them with {@link #addPem} and {@link #addTrustStore}. */
    public static TrustedCertificates none() {
        return new TrustedCertificates();
    }

    /** An {@code SSLContext} that trusts exactly the CA certificates in this PEM file. */
    public static SSLContext fromPem(Path pemFile) {
        return none().addPem(pemFile).sslContext();
    }

    /** An {@code SSLContext} that trusts exactly the certificates in this trust store (PKCS12 or JKS). */
    public static SSLContext fromTrustStore(Path trustStore, char[] password) {
        return none().addTrustStore(trustStore, password).sslContext();
    }

    /**
     * Adds every certificate of a PEM file ({@code -----BEGIN CERTIFICATE-----} blocks, any number; DER
     * works too).
     *
     * @throws IllegalArgumentException if the file cannot be read or holds no certificate
     */
    public TrustedCertificates addPem(Path pemFile) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pemFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("CA file " + pemFile + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("CA file " + pemFile + ": cannot be read (" + e.getMessage() + ")");
        } catch (CertificateException e) {
            throw new IllegalArgumentException("CA file " + pemFile + ": not a PEM certificate (" + e.getMessage() + ")");
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("CA file " + pemFile
                    + ": no certificate in it (expected -----BEGIN CERTIFICATE----- blocks)");
        }
        for (Certificate certificate : certificates) {
            add(certificate);
        }
        return this;
    }

    /**
     * Adds every certificate of a trust store; its type (PKCS12 or JKS) is read from the file.
     *
     * @throws IllegalArgumentException if the file cannot be read, the password does not open it, or it holds no certificate
     */
    public TrustedCertificates addTrustStore(Path trustStore, char[] password) {
        if (!Files.isRegularFile(trustStore)) {
            throw new IllegalArgumentException("trust store " + trustStore + ": no such file");
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance(trustStore.toFile(), password);
        } catch (IOException e) {
            throw new IllegalArgumentException("trust store " + trustStore + ": cannot be opened (" + e.getMessage()
                    + "; a wrong password?)");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("trust store " + trustStore + ": not a PKCS12 or JKS key store ("
                    + e.getMessage() + ")");
        }
        int before = count;
        try {
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (certificate != null) {
                    add(certificate);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("trust store " + trustStore + ": cannot be read (" + e.getMessage() + ")");
        }
        if (count == before) {
            throw new IllegalArgumentException("trust store " + trustStore + ": no certificate in it");
        }
        return this;
    }

    /** How many certificates are trusted. */
    public int size() {
        return count;
    }

    /**
     * A TLS context whose trust manager is the JDK's default (PKIX) one over these certificates
     * alone, for {@link IndexedCpClient.Builder#sslContext}.
     */
    public SSLContext sslContext() {
        if (count == 0) {
            throw new IllegalStateException("no trusted certificate added");
        }
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make a TLS context: " + e, e);
        }
    }

    private void add(Certificate certificate) {
        try {
            anchors.setCertificateEntry("trusted-" + count, certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        count++;
    }
}
