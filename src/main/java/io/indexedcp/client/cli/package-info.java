/**
 * The {@code indexedcp} command: picocli parses the arguments, {@link io.indexedcp.client.IndexedCpClient}
 * does the work, and this package draws progress and turns failures into one line and an exit code.
 */
package io.indexedcp.client.cli;
