package io.indexedcp.server.boundary;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;

/**
 * On a server without MicroProfile Health (a plain Jakarta EE 10 server), registers
 * {@link ReadinessServlet} at {@code /health} and {@code /health/ready}, so that a load balancer
 * can probe the application there as on Payara. The server lacks it when the API's classes come
 * from the WAR's own copy (see the pom): a server that has MicroProfile Health provides the API
 * itself, and its copy wins; there nothing is registered and the server answers {@code /health}.
 */
@WebListener
public class HealthFallback implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(HealthFallback.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (HealthCheck.class.getClassLoader() != HealthFallback.class.getClassLoader()) {
            return;
        }
        event.getServletContext().addServlet("indexedcp-readiness", ReadinessServlet.class)
                .addMapping("/health", "/health/ready");
        LOG.info("No MicroProfile Health in this server: the application answers /health/ready itself");
    }
}
