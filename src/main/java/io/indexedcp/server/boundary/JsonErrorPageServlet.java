package io.indexedcp.server.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;

/**
 * The error page of the whole web application (WEB-INF/web.xml): what the servlet container
 * refuses itself, outside JAX-RS — {@code /WEB-INF/*}, {@code /META-INF/*}, an exception no mapper
 * saw — answers {@code {"error": ...}} in JSON with the container's status instead of Payara's
 * HTML error report. Only the status's reason phrase goes out: the container's own message can
 * name classes and paths. Called directly, it is a 404.
 */
@WebServlet(JsonErrorPageServlet.PATH)
public class JsonErrorPageServlet extends HttpServlet {

    @Inject
    RefusalLog refusals;

    static final String PATH = "/indexedcp-error";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer given && given >= 400 ? given : 404;
        Response.Status known = Response.Status.fromStatusCode(status);
        String reason = status >= 500 ? "Internal server error"
                : known != null ? known.getReasonPhrase() : "Request refused";
        if (status < 500) { // a server fault was logged by the container where it was thrown
            refusals.refused(request, status, reason);
        }
        ServletJson.writeError(response, status, reason);
    }
}
