package io.indexedcp.client.transfer;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.HttpUrlConnectorProvider;

/** Builds the one JAX-RS client an {@code IndexedCpClient} uses for all its requests. */
public final class RestClients {

    /**
     * Jersey warns on every request that carries {@code Content-Length}, a header the JDK treats as
     * restricted. Jersey reads it to switch the connection to fixed-length streaming, which is the
     * point, and the JDK then sends the same length itself; the warning is noise for our users.
     * Held in a field: {@code java.util.logging} keeps loggers only weakly, and the level with them.
     */
    private static final Logger CONNECTOR_LOGGER = Logger.getLogger("org.glassfish.jersey.client.internal.HttpUrlConnector");

    static {
        CONNECTOR_LOGGER.setLevel(Level.SEVERE);
    }

    private RestClients() {
    }

    /**
     * Fixed-length streaming makes the JDK connector send {@code Content-Length} and write the
     * body straight to the socket: no second in-memory copy of each chunk, and no silent
     * re-sending of a POST by {@code HttpURLConnection} behind the retry policy's back.
     */
    public static Client create(Duration connectTimeout, Duration readTimeout) {
        return create(connectTimeout, readTimeout, null);
    }

    /**
     * As {@link #create(Duration, Duration)}, with HTTPS trusting what {@code sslContext} trusts (an
     * internal CA, see {@code TrustedCertificates}); null keeps the JDK's default trust store. The host
     * name check is the JDK's and stays on: only the trust anchors change.
     */
    public static Client create(Duration connectTimeout, Duration readTimeout, SSLContext sslContext) {
        ClientConfig config = new ClientConfig()
                .connectorProvider(new HttpUrlConnectorProvider().useFixedLengthStreaming())
                .property(ClientProperties.CONNECT_TIMEOUT, toMillis(connectTimeout))
                .property(ClientProperties.READ_TIMEOUT, toMillis(readTimeout))
                .property(ClientProperties.FOLLOW_REDIRECTS, false);
        ClientBuilder builder = ClientBuilder.newBuilder().withConfig(config);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        return builder.build();
    }

    private static int toMillis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }
}
