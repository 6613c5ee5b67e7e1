package dev.landfall.poller.ledger;

import dev.landfall.testsupport.PostgresDatabase;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

class LedgerPostgresIT extends LedgerContract {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @Override
    Map<String, Object> datasource() {
        return Map.of("spring.datasource.url", db.jdbcUrl(), "spring.datasource.username", db.username(),
                "spring.datasource.password", db.password());
    }
}
