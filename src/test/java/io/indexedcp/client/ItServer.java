package io.indexedcp.client;

import io.indexedcp.testing.PayaraMicroProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real server for one integration-test class: a Payara Micro process with an output directory
 * of its own under {@code target/}, so that classes never see each other's files.
 */
public final class ItServer implements AutoCloseable {

    public static final String API_KEY = System.getProperty("indexedcp.it.apiKey", "client-it-key-0123456789");

    private final Path outputDir;
    private final PayaraMicroProcess process;

    private ItServer(Path outputDir, PayaraMicroProcess process) {
        this.outputDir = outputDir;
        this.process = process;
    }

    public static ItServer start(Class<?> testClass) throws IOException, InterruptedException {
        return start(testClass, Map.of());
    }

    /** With extra server settings, e.g. {@code INDEXEDCP_MAX_CONCURRENT_WRITES}. */
    public static ItServer start(Class<?> testClass, Map<String, String> environment) throws IOException, InterruptedException {
        Path outputDir = Path.of("target", "it-client", testClass.getSimpleName() + "-" + System.currentTimeMillis())
                .toAbsolutePath();
        Files.createDirectories(outputDir);
        PayaraMicroProcess process = new PayaraMicroProcess(outputDir, API_KEY, environment).start();
        return new ItServer(outputDir, process);
    }

    public URI uploadUri() {
        return process.uploadUri();
    }

    public URI baseUri() {
        return process.baseUri();
    }

    public int port() {
        return process.port();
    }

    public Path outputDir() {
        return outputDir;
    }

    /** Where the server puts a file it stored as {@code actualFilename}. */
    public Path stored(String actualFilename) {
        return outputDir.resolve(actualFilename);
    }

    @Override
    public void close() throws InterruptedException {
        process.stop();
    }
}
