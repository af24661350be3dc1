package io.indexedcp.server.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.indexedcp.testing.PayaraMicroProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Defect 14: every kill -9 of Payara Micro left its 170 MB runtime folder in java.io.tmpdir. With
 * the fixed root dir of {@link PayaraMicroProcess}, a killed and restarted server on the same output
 * directory uses one runtime folder, not two — and the restart deploys the WAR it is given, not
 * the stale copy the root dir kept from the killed run (a probe WAR, v1 then v2, shows which).
 */
class PayaraRuntimeFolderIT {

    private static final String KEY = "runtime-folder-key";

    private PayaraMicroProcess server;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void killedAndRestartedServerKeepsOneRuntimeFolderAndDeploysOnlyTheNewWar() throws Exception {
        Path work = FaultWorkDirs.fresh("runtime-folder");
        Path outputDir = work.resolve("uploads");
        Path javaTmp = Path.of(System.getProperty("java.io.tmpdir"));
        int runtimeFoldersBefore = PayaraMicroProcess.unpackedRuntimeFolders(javaTmp).size();
        Path probeV1 = probeWar(work.resolve("v1"), "v1");
        Path probeV2 = probeWar(work.resolve("v2"), "v2");

        server = new PayaraMicroProcess(outputDir, KEY).withDeployment(probeV1).start();
        assertEquals(Optional.of("v1"), firstProbeAnswer(server));
        server.kill();

        server = new PayaraMicroProcess(outputDir, KEY).withDeployment(probeV2).start();
        // The very first answer already comes from the new WAR: the stale v1 was never deployed again.
        assertEquals(Optional.of("v2"), firstProbeAnswer(server));
        long readyLines;
        try (Stream<String> lines = Files.lines(server.log())) {
            readyLines = lines.filter(line -> line.contains("IndexedCP is ready")).count();
        }
        assertEquals(1, readyLines, "the restarted server started IndexedCP once (a stale copy would start it twice); see "
                + server.log());

        try (Stream<Path> entries = Files.list(work)) {
            assertEquals(List.of("uploads", "uploads.payara-root", "v1", "v2"),
                    entries.map(p -> p.getFileName().toString()).sorted().toList(),
                    "one runtime folder for the output directory after a kill -9 and a restart");
        }
        assertEquals(runtimeFoldersBefore, PayaraMicroProcess.unpackedRuntimeFolders(javaTmp).size(),
                "no payaramicro-rt* folder left in " + javaTmp);
        assertTrue(Files.isDirectory(server.rootDir().resolve("runtime")), "the runtime is unpacked in the root dir");

        // A normal stop ends this server's life: its runtime folder goes, as Payara's own did.
        server.stop();
        assertFalse(Files.exists(server.rootDir()), "stop() removes " + server.rootDir());
    }

    /** A WAR named probe.war (context root /probe) whose version.txt says which build it is. */
    private static Path probeWar(Path dir, String version) throws Exception {
        Files.createDirectories(dir);
        Path war = dir.resolve("probe.war");
        ShrinkWrap.create(WebArchive.class, "probe.war")
                .add(new StringAsset(version), "version.txt")
                .as(ZipExporter.class).exportTo(war.toFile(), true);
        return war;
    }

    /** The first answer of /probe/version.txt that is not a 404 (the probe may deploy after IndexedCP is ready). */
    private static Optional<String> firstProbeAnswer(PayaraMicroProcess server) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(server.baseUri() + "probe/version.txt"))
                .timeout(Duration.ofSeconds(5)).build();
        String[] body = {null};
        Bounded.await(Duration.ofSeconds(120), Duration.ofMillis(100), () -> {
            HttpResponse<String> answer = http.send(probe, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                body[0] = answer.body().strip();
                return true;
            }
            return false;
        });
        return Optional.ofNullable(body[0]);
    }
}
