package io.indexedcp.server.config;

import java.util.Optional;

/** One way of reading a setting by name; {@link Configuration} picks one per deployment. */
interface ConfigLookup {

    Optional<String> value(String name);
}
