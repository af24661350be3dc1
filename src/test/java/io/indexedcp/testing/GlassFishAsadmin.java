package io.indexedcp.testing;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.jboss.arquillian.container.spi.event.container.AfterStart;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * The GlassFish run's server settings, applied as the README tells a GlassFish operator to apply
 * them: once embedded GlassFish has started, and before the WAR is deployed, every command of
 * {@code server-config/pre-boot-commands.asadmin} is run through the server's {@code CommandRunner}
 * (what {@code asadmin multimode --file} does on an installed server). Registered only on that run's
 * classpath ({@code src/test/glassfish/META-INF/services}); the Payara runs never load it. The
 * CommandRunner is reached by reflection because GlassFish is not on the test classes' compile
 * classpath (Payara's adapter is, and the two cannot share one).
 */
public class GlassFishAsadmin implements LoadableExtension {

    /** Where the Arquillian adapter binds the embedded server's CommandRunner. */
    private static final String RUNNER = "org.glassfish.embeddable.CommandRunner";

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(Apply.class);
    }

    /** Observer of the container's start; public for Arquillian to instantiate. */
    public static class Apply {

        public void afterStart(@Observes AfterStart started) throws Exception {
            Path commands = Path.of(System.getProperty("indexedcp.serverConfigDir"), "pre-boot-commands.asadmin");
            for (String line : commandLines(commands)) {
                String[] words = line.split("\\s+");
                run(words[0], Arrays.copyOfRange(words, 1, words.length));
            }
            // Not an operator's setting: the adapter always opens an HTTPS listener on all interfaces; the tests need none.
            run("set", "configs.config.server-config.network-config.network-listeners.network-listener.https-listener"
                    + ".enabled=false");
        }

        private static List<String> commandLines(Path file) throws IOException {
            return Files.readAllLines(file).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        }

        private static void run(String command, String... arguments) throws NamingException, ReflectiveOperationException {
            Object runner = new InitialContext().lookup(RUNNER);
            Method run = Class.forName(RUNNER).getMethod("run", String.class, String[].class);
            Object result = run.invoke(runner, command, arguments);
            Class<?> resultType = Class.forName("org.glassfish.embeddable.CommandResult");
            String status = String.valueOf(resultType.getMethod("getExitStatus").invoke(result));
            if (!"SUCCESS".equals(status)) {
                throw new IllegalStateException("asadmin " + command + " " + String.join(" ", arguments) + ": " + status
                        + " " + resultType.getMethod("getOutput").invoke(result),
                        (Throwable) resultType.getMethod("getFailureCause").invoke(result));
            }
        }
    }
}
