package io.indexedcp.client.transfer;

import io.indexedcp.client.TlsException;
import java.net.URI;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Tells a failed TLS handshake that no retry can mend (an untrusted or misnamed certificate, a port
 * that answers in plain HTTP) from a network failure during one (a reset, a closed connection, a
 * time-out), which the retry loop handles. Without this, an untrusted certificate would be retried with back-off like a server
 * that is down and end as "unavailable after all retries", hiding the one thing the user must fix.
 */
final class TlsFailures {

    private TlsFailures() {
    }

    /** The failure as a {@link TlsException} naming the server, if it is one that a retry cannot mend. */
    static Optional<TlsException> permanent(Throwable failure, URI url) {
        String server = origin(url);
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof CertificateException || e instanceof SSLPeerUnverifiedException
                    || (e instanceof SSLHandshakeException && refusedByConfiguration(messages(e)))) {
                return Optional.of(new TlsException(describe(server, url, e), failure));
            }
            if (e instanceof SSLException && e.getMessage() != null
                    && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("unrecognized ssl message")) {
                return Optional.of(new TlsException("TLS: " + server + " does not answer with TLS (plain HTTP on that "
                        + "port?): use http:// or the server's HTTPS port", failure));
            }
        }
        return Optional.empty();
    }

    /**
     * A handshake refused for what one side is (its certificate, the protocols or ciphers it offers), as
     * opposed to one cut short by a closed or reset connection, which may work the next time.
     */
    private static boolean refusedByConfiguration(String chain) {
        return chain.contains("PKIX") || chain.contains("certificat") || chain.contains("subject alternative")
                || chain.contains("No name matching") || chain.contains("protocol_version")
                || chain.contains("handshake_failure") || chain.contains("No appropriate protocol");
    }

    /**
     * For a failure during a TLS handshake that is retried (the connection closed or reset in it): the
     * reason, with the likely cause if it persists, e.g. {@code https://} to a port whose server closes
     * the connection on a TLS hello (Grizzly does) instead of answering in plain HTTP.
     */
    static Optional<String> transientReason(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof SSLException) {
                Throwable root = rootOf(e);
                return Optional.of("the connection closed during the TLS handshake (" + root.getClass().getSimpleName()
                        + (root.getMessage() == null ? "" : ": " + root.getMessage())
                        + "; if this lasts: is this the server's HTTPS port?)");
            }
        }
        return Optional.empty();
    }

    private static String describe(String server, URI url, Throwable failure) {
        String chain = messages(failure);
        Throwable root = rootOf(failure);
        String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (chain.contains("PKIX path") || chain.contains("unable to find valid certification path")
                || chain.contains("signature check failed") || chain.contains("Path does not chain")) {
            String pkix = chain.contains("PKIX path building failed") ? "PKIX path building failed"
                    : chain.contains("PKIX path validation failed") ? "PKIX path validation failed" : reason;
            return "TLS: the certificate of " + server + " is not trusted (" + pkix
                    + "); pass the CA that signed it with --cacert FILE (or --truststore FILE)";
        }
        if (chain.contains("subject alternative name") || chain.contains("No name matching")
                || chain.contains("No subject alternative")) {
            return "TLS: the certificate of " + server + " is not issued for " + url.getHost() + " (" + reason
                    + "); use the host name or address the certificate names";
        }
        if (chain.contains("expired") || chain.contains("not yet valid")) {
            return "TLS: the certificate of " + server + " is not valid now (" + reason + ")";
        }
        return "TLS: the handshake with " + server + " failed (" + reason + ")";
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getMessage()).append(' ');
        }
        return all.toString();
    }

    private static Throwable rootOf(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** {@code https://host:port/}: the server, not the endpoint, is what the certificate belongs to. */
    static String origin(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority() + "/";
    }
}
