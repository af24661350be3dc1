package io.indexedcp.server;

import java.io.File;
import java.net.URI;
import java.net.URL;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR that {@code mvn package} built — the tests deploy exactly what users deploy. */
final class PackagedWar {

    private PackagedWar() {
    }

    /**
     * The deployment's base URI on 127.0.0.1: the server listens on IPv4 loopback only, and
     * Payara reports "localhost", which Java may resolve to ::1 first.
     */
    static URI loopback(URL base) {
        return URI.create("http://127.0.0.1:" + base.getPort() + "/");
    }

    static WebArchive get() {
        String path = System.getProperty("indexedcp.war");
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("system property indexedcp.war must name the packaged WAR (run mvn verify)");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(path));
    }
}
