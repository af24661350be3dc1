package io.indexedcp.client;

import io.indexedcp.client.buffer.BufferedFile;
import io.indexedcp.client.transfer.UploadEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One upload call over several files, up to {@code filesAtOnce} of them at once.
 *
 * <p>A failure that concerns its file alone does not stop the others: a name or a chunk the server
 * refuses (any 4xx but a refused key), a source file that cannot be read or has changed, an upload
 * the server lost, a file queued without a server. Otherwise one bad file would block every later
 * flush of all the others. Only what would fail every other file alike stops the files not yet
 * started: a refused key, an untrusted server certificate, a server that stays down or busy through all retries, an interrupt; those
 * already running finish or fail. The first failure is thrown once every started file is done, the
 * others added to it as suppressed, so a caller can report each one.
 */
final class UploadRun {

    private final FileUploader uploader;
    private final int filesAtOnce;

    UploadRun(FileUploader uploader, int filesAtOnce) {
        this.uploader = uploader;
        this.filesAtOnce = filesAtOnce;
    }

    /**
     * @param endpoints each file's server; null for a file that has none, which fails alone
     * @return client name → the name the server stored it under, for the files that went through
     */
    Map<String, String> run(List<BufferedFile> files, List<UploadEndpoint> endpoints) {
        Map<String, String> stored = new LinkedHashMap<>();
        List<RuntimeException> failures = new ArrayList<>();
        if (Math.min(filesAtOnce, files.size()) <= 1) {
            for (int i = 0; i < files.size() && failures.stream().noneMatch(UploadRun::stopsTheRun); i++) {
                try {
                    stored.put(files.get(i).clientName(), upload(files.get(i), endpoints.get(i)));
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        } else {
            runAtOnce(files, endpoints, stored, failures);
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.stream().skip(1).filter(e -> e != first).forEach(first::addSuppressed);
            throw first;
        }
        return stored;
    }

    private void runAtOnce(List<BufferedFile> files, List<UploadEndpoint> endpoints, Map<String, String> stored,
            List<RuntimeException> failures) {
        ExecutorService filePool = Executors.newFixedThreadPool(Math.min(filesAtOnce, files.size()),
                daemonThreads("indexedcp-file"));
        AtomicBoolean stopped = new AtomicBoolean();
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                BufferedFile file = files.get(i);
                UploadEndpoint endpoint = endpoints.get(i);
                results.add(filePool.submit(() -> {
                    if (stopped.get()) {
                        return null;
                    }
                    try {
                        return upload(file, endpoint);
                    } catch (RuntimeException e) {
                        if (stopsTheRun(e)) {
                            stopped.set(true);
                        }
                        throw e;
                    }
                }));
            }
            for (int i = 0; i < results.size(); i++) {
                try {
                    String actual = results.get(i).get();
                    if (actual != null) {
                        stored.put(files.get(i).clientName(), actual);
                    }
                } catch (ExecutionException e) {
                    failures.add(e.getCause() instanceof RuntimeException r ? r
                            : new IndexedCpException(files.get(i).clientName() + ": " + e.getCause(), e.getCause()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UploadInterruptedException("interrupted; what was not sent stays in the buffer", e);
        } finally {
            filePool.shutdownNow();
        }
    }

    private String upload(BufferedFile file, UploadEndpoint endpoint) {
        if (endpoint == null) {
            throw new IndexedCpException(file.clientName()
                    + " was buffered without a server: name one (--server or INDEXEDCP_SERVER)");
        }
        return uploader.upload(file, endpoint);
    }

    /**
     * Whether the files not yet started should not be: only failures that every other file would meet
     * as well (the key, the server's reachability, an interrupt), not those of one file.
     */
    static boolean stopsTheRun(RuntimeException failure) {
        return failure instanceof AuthenticationFailedException || failure instanceof RetriesExhaustedException
                || failure instanceof UploadInterruptedException || failure instanceof TlsException;
    }

    static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
